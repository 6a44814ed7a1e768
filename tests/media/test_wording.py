"""Measured numbers never read like the limit they broke."""

from projects.media import wording
from projects.media.limits import MB, PORTRAIT_MAX_ASPECT


def test_a_size_one_byte_over_the_limit_is_given_in_bytes():
    assert wording.size(10 * MB + 1, limit=10 * MB) == "10,485,761 bytes"
    assert wording.size(12_900_000, limit=10 * MB) == "12.3 MB"
    assert wording.limit_size(5 * MB) == "5 MB"


def test_a_length_next_to_a_limit_gets_the_decimals_it_needs():
    boundaries = (2, 300)
    assert wording.seconds(1.9, boundaries=boundaries) == "1.9 seconds"
    assert wording.seconds(300.5, boundaries=boundaries) == "300.5 seconds"
    assert wording.seconds(300.042449, boundaries=boundaries) == "300.04 seconds"
    assert wording.seconds(1.99996, boundaries=boundaries) == "1.99996 seconds"


def test_a_shape_next_to_the_aspect_limit_gets_the_decimals_it_needs():
    assert wording.ratio(1000, 2600, limit=PORTRAIT_MAX_ASPECT) == "1:2.6"
    assert wording.ratio(2500, 1000, limit=PORTRAIT_MAX_ASPECT) == "2.5:1"
    assert wording.ratio(2501, 1000, limit=PORTRAIT_MAX_ASPECT) == "2.501:1"
    assert wording.aspect_limits(PORTRAIT_MAX_ASPECT) == ("1:2.5", "2.5:1")


def test_a_pixel_count_next_to_the_cap_is_exact():
    assert wording.pixel_count(61_200_000, limit=50_000_000) == "61.2 million pixels"
    assert wording.pixel_count(50_010_000, limit=50_000_000) == "50,010,000 pixels"


def test_formats_are_listed_as_people_write_them():
    assert wording.labels(("mp3", "wav", "m4a", "aac")) == "MP3, WAV, M4A or AAC"
    assert wording.labels(("jpeg", "png")) == "JPEG or PNG"

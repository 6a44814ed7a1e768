from tests.sharing.conftest import make_link  # noqa: F401 (a fixture shared with sharing's tests)

"""What a video's C2PA manifest says: made by Avatar Studio with AI (the
``c2pa.created`` action, digital source type ``trainedAlgorithmicMedia``),
Kling's task id and mode, the team, and the portrait and voiceover as
ingredients with the SHA-256 of each file as uploaded."""

from datetime import UTC

from django.utils import timezone

CLAIM_GENERATOR = "Avatar Studio"
CLAIM_GENERATOR_VERSION = "1"
# IPTC's term for media made by a model trained on sampled content.
TRAINED_ALGORITHMIC_MEDIA = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
# Our own assertion (a reverse-domain label, as C2PA asks of custom ones).
RENDER_ASSERTION = "com.avatarstudio.render"
SHA256_KEY = "com.avatarstudio.sha256"
MEDIA_TYPE = "video/mp4"


def _ingredient(asset, role):
    return {
        "title": asset.label or f"{role}.{asset.format}",
        "format": asset.content_type,
        "relationship": "inputTo",
        "metadata": {
            "dateTime": asset.created.astimezone(UTC).isoformat(),
            SHA256_KEY: asset.source_sha256,
            "com.avatarstudio.role": role,
        },
    }


def manifest_for(render, *, copy="clean") -> dict:
    """The manifest definition c2pa-python's Builder signs for one of a
    render's files (``copy``: "clean" or "watermarked")."""
    made = (render.finished_at or timezone.now()).astimezone(UTC)
    facts = {
        "kling_task_id": render.task_id,
        "mode": render.mode,
        "team": render.project.team.name,
        "copy": copy,
    }
    ingredients = [_ingredient(render.portrait, "portrait")]
    if render.voiceover_id:
        ingredients.append(_ingredient(render.voiceover, "voiceover"))
    else:
        facts["voice"] = "Kling text to speech"
    return {
        "claim_generator_info": [{"name": CLAIM_GENERATOR, "version": CLAIM_GENERATOR_VERSION}],
        "title": render.title or "Avatar Studio video",
        "format": MEDIA_TYPE,
        "assertions": [
            {
                "label": "c2pa.actions",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "when": made.isoformat(),
                            "digitalSourceType": TRAINED_ALGORITHMIC_MEDIA,
                            "softwareAgent": {"name": "Kling AI (avatar video)"},
                            "description": "A talking-avatar video made with AI from a "
                            "portrait and a voiceover.",
                            "parameters": {"kling_task_id": render.task_id, "mode": render.mode},
                        }
                    ]
                },
            },
            {"label": RENDER_ASSERTION, "data": facts},
        ],
        "ingredients": ingredients,
    }

"""Content credentials: a signed C2PA manifest in every archived video saying
that Avatar Studio made it with AI (Kling), from which portrait and voiceover,
for which team. ``identity.py`` (the certificate and key, or the development
chain of ``devchain.py``), ``manifest.py`` (what the manifest says),
``signing.py`` (c2pa-python: signing and reading back), ``archive.py`` (the
worker's side: signing at archiving, the retry sweep)."""

"""Site generator for the Kommunen-Netzwerk: engagiert in NRW.

Layers, each importing only itself and the ones below it (pyproject.toml, [tool.importlinter];
DEVELOPERS.md): ``adapter`` (the only code touching MkDocs and Jinja objects; the hook in
``hooks/`` calls it) > ``outputs`` (files beside the pages) > ``views`` (what templates ask
for) > ``plan`` (which pages exist) > ``load`` (reading and validating the data) > ``base``.
"""

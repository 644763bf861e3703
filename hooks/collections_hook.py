"""MkDocs hook: adapts build events to the plain functions in ``engagiert`` (see DEVELOPERS.md).

Kept thin on purpose: loading, validation, page planning and rendering helpers
are ordinary modules with their own tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from engagiert.adapter import templating  # noqa: E402
from engagiert.adapter.preview import STATE as _preview  # noqa: E402  (fast rebuilds in mkdocs serve)
from engagiert.base.problems import DataError  # noqa: E402
from engagiert.plan.build import Build  # noqa: E402
from engagiert.adapter import accessibility as accessibility_marks  # noqa: E402
from engagiert.adapter import safety  # noqa: E402  (issue #13: untrusted pull requests)
from engagiert.adapter import pictures as _pictures  # noqa: E402  (issue #16)
from engagiert.adapter.nav_section import SectionMarker  # noqa: E402

_section = SectionMarker()

# One build's state. Hook modules live as long as the `mkdocs serve` process,
# so everything is rebuilt in on_config, never carried over between rebuilds.
_build: Build | None = None


def on_startup(command, dirty):
    _preview.active = command == "serve"


def on_config(config):
    global _build
    _build = None
    _preview.start()  # the previous preview build may still be writing calendars and search
    try:
        _build = Build.load(ROOT, config, preview=_preview.active, parsed=_preview.parsed())
    except DataError as exc:
        raise PluginError(exc.report()) from None
    _preview.begin(_build, config)
    from engagiert.adapter import link_warnings  # issue #15: German messages for broken links
    link_warnings.install(Path(config["docs_dir"]), ROOT)
    return config


def on_pre_build(config):
    _preview.keep_site(Path(config.site_dir))  # mkdocs serve: unchanged pages are not written anew


def on_files(files, config):
    _preview.restore_site(Path(config.site_dir))
    for src_uri in _build.publishing.dropped_sources():  # drafts, scheduled posts and articles (mkdocs build only)
        unpublished = files.get_file_from_path(src_uri)
        if unpublished is not None:
            files.remove(unpublished)
    for page in _build.plan.pages:
        if page.generated:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                raise PluginError(f"Die Seite {page.src_uri} gibt es schon in content/; "
                                  f"sie würde von der Sammlung „{page.collection}“ überschrieben.")
            files.append(File.generated(config, page.src_uri, content=page.markdown()))
    _pictures.exclude_sources(files, _build)  # source photos are never published as they are
    _preview.start_outputs(_build, Path(config.site_dir))
    return files


def on_page_markdown(markdown, page, config, files):
    safety.escape_meta(page)
    planned = _build.plan.by_src.get(page.file.src_uri)
    if planned is not None and not planned.generated:
        page.meta.setdefault("template", planned.template)
        page.meta.setdefault("title", planned.title)  # posts name it "titel" in their front matter
    markdown = accessibility_marks.page_markdown(_build, markdown, page)  # issue #20
    return _preview.page_markdown(markdown, page)


def on_page_content(html, page, config, files):
    # Images to <picture> first (issue #16: it reads the images' foto/lizenz attributes), then
    # the sanitiser (issue #13), then our own blocks of the accessibility pages (issue #20).
    _preview.converted(page, html)  # mkdocs serve: the next rebuild reuses the conversion
    _build.page_titles[page.file.src_uri] = _pictures.title_of(page)
    html = _pictures.rewrite_content(html, page, _build.pictures)
    html = safety.sanitize_content(html, page)
    return accessibility_marks.page_content(html, page)


def on_env(env, config, files):
    templating.install(env, _build)
    _preview.install(env)
    if not _preview.active:
        safety.start_audit(config)  # audits each page beside the rendering of the next
    return env


def on_page_context(context, page, config, nav):
    _pictures.page_context(page, _build, _build.page_titles)  # Bildnachweise on the Impressum
    if not _preview.reuses(page.file.src_uri):  # a reused page shows the last build's HTML
        _section.mark(page, nav)  # issue #19: active tab on pages outside the navigation
    context = _preview.page_context(_build.page_context(context, page), page)
    safety.safe_edit_url(page)
    return context


def on_post_page(output, page, config):
    _section.unmark()
    safety.will_write(page)
    return _preview.post_page(safety.add_csp(output, config), page)


def on_post_template(output_content, template_name, config):
    if template_name.endswith(".html"):
        return safety.add_csp(output_content, config)
    return output_content


def on_post_build(config):
    _preview.resume_gc()
    _preview.write_outputs(_build, Path(config.site_dir))
    if not _preview.active:
        # last: every written HTML file. mkdocs build (CI, deployment) always audits; a preview
        # rebuild re-renders a few pages and would re-read them all, so mkdocs serve does not.
        safety.audit(Path(config.site_dir), config)


def on_serve(server, config, builder):
    _preview.serve(server)
    return server


def on_build_error(error):
    _preview.resume_gc()
    safety.cancel_audit()


def on_shutdown():
    _preview.cancel()
    safety.cancel_audit()

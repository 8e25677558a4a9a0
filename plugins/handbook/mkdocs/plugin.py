"""MkDocs adapter: wires the core pipeline into MkDocs' build, nothing more.

* ``on_config``: find the notes folder, register the stylesheet;
* ``on_files``: run :func:`handbook.pipeline.build_handbook` once and add
  its pages with ``File.generated``; a hand-written page in ``docs/`` with
  the same path wins;
* generated pages are :class:`HandbookPage` objects whose HTML the core
  already rendered and cleaned (:mod:`handbook.html.page`), so MkDocs spends no
  time in Python-Markdown on them;
* ``on_post_build``: write ``handbook.json`` and its tables (see
  :mod:`handbook.publish.export`);
* ``on_serve``: watch the notes folder, and rebuild only the pages an edit
  changed (:mod:`handbook.mkdocs.serve`).

Problems are logged through MkDocs' plugin logger, so ``--strict`` turns
warnings into a failed build.  Everything else lives in the core, which
imports nothing from MkDocs.
"""

from __future__ import annotations

import html
import os
import time
from collections.abc import Iterable
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import get_toc

from ..engine.memo import MEMO, Memo
from ..engine.memory import release_memory
from ..engine.progress import silent_meter, terminal_meter
from ..html.mdext import MERMAID_SCRIPT
from ..html.page import RenderedPage, nest, unsupported_extensions
from ..ingest.notes import CACHE, NoteCache
from ..model import Handbook, Options, Problem
from ..model import Page as CorePage
from ..pipeline import Timings, build_handbook
from ..plan.redirects import redirect_html
from ..plan.sitemap import page_url
from ..publish.export import write_export
from ..publish.search import index_site
from . import serve
from .config import HandbookConfig

log = get_plugin_logger(__name__)

STYLESHEET = "assets/handbook/handbook.css"
SCRIPT = "assets/handbook/handbook.js"
PREVIEW_SCRIPT = "assets/handbook/preview.js"
SEARCH_STYLESHEET = "assets/handbook/search.css"
SEARCH_SCRIPT = "assets/handbook/search.js"
ASSETS = (
    (STYLESHEET, "handbook.css"),
    (SCRIPT, "handbook.js"),
    (PREVIEW_SCRIPT, "preview.js"),
    (SEARCH_STYLESHEET, "search.css"),
    (SEARCH_SCRIPT, "search.js"),
)


def log_problem(problem: Problem) -> None:
    message = problem.format()
    if problem.hint and problem.severity != "info":
        message += f" (hint: {problem.hint})"
    {"error": log.error, "warning": log.warning}.get(problem.severity, log.info)(message)


class HandbookPage(MkPage):
    """A generated page: its Markdown and clean HTML come from the core.

    MkDocs 1.6 uses a ``Page`` a plugin assigns to ``File.page``; this one
    reads its metadata from the core page and takes its body, table of
    contents and anchors from :class:`~handbook.html.page.RenderedPage` instead
    of running Python-Markdown."""

    def __init__(self, file: File, config: MkDocsConfig, core: CorePage, rendered: RenderedPage):
        self.core = core
        self._rendered = rendered
        super().__init__(None, file, config)

    def update(self, core: CorePage, rendered: RenderedPage) -> None:
        """New content for a partial rebuild (:mod:`handbook.mkdocs.serve`)."""
        self.core = core
        self._rendered = rendered

    def release(self) -> None:
        """Drop this page's text once its HTML is written (a one-off build
        keeps only what navigation and anchor checks read: title, URL, meta
        and anchors).  At 20,000 notes the pages' Markdown and HTML are
        gigabytes that Pagefind needs while it indexes."""
        self.core = replace(self.core, markdown="")
        self._rendered = replace(self._rendered, html="")
        self.markdown = ""
        self.content = ""
        self.toc = get_toc([])
        self.file.content_string = ""

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = self.core.markdown
        # MkDocs renders page titles as HTML (navigation, header, search
        # results): a note's title is text and must not become markup.  Only
        # angle brackets are escaped: a bare "&" is harmless in HTML, and
        # Material escapes titles again in aria-labels.
        title = self.core.title.replace("<", "&lt;").replace(">", "&gt;")
        self.meta = {"title": title, "hb_kind": self.core.kind}
        # Material writes meta.description into <meta name="description">
        # as it is, so it is escaped here; the link-card tags of our
        # main.html use the same escaped values.
        self.meta["hb_card_title"] = html.escape(self.core.title, quote=True)
        if self._rendered.description:
            self.meta["description"] = html.escape(self._rendered.description, quote=True)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = self._rendered.html
        self.toc = get_toc(nest(self._rendered.toc))  # type: ignore[arg-type]
        self.present_anchor_ids = set(self._rendered.ids)


def _exported_only(handbook: Handbook) -> Handbook:
    """What a one-off build still needs once its pages are wired: the
    export, built now, so the intermediate values its builder closes over
    (notes, analysis, plan) are freed before MkDocs writes the pages."""
    export = handbook.export
    return replace(handbook, pages=(), rendered={}, published=(), export_builder=lambda: export)


class HandbookPlugin(BasePlugin[HandbookConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.handbook: Handbook | None = None
        self.source_dir: Path | None = None
        self.generated: dict[str, HandbookPage] = {}
        self.options = Options()
        self.hand_written: set[str] = set()
        self.nav: Navigation | None = None
        self.files: Files | None = None
        self.env: Any = None
        self.meter = silent_meter("", 0)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        base = Path(config.config_file_path or ".").resolve().parent
        self.source_dir = (base / self.config.source_dir).resolve()
        if not self.source_dir.is_dir():
            raise PluginError(f"handbook: notes folder {self.source_dir} does not exist")
        # Link cards (og:, twitter:) come from our main.html, which extends
        # the theme's base.html: it goes after a custom_dir of the user's,
        # so their own overrides still win, and before the theme's own.
        overrides = str(resources.files("handbook").joinpath("overrides"))
        if overrides not in config.theme.dirs:
            custom = 1 if config.theme.get("custom_dir") else 0
            config.theme.dirs.insert(custom, overrides)
        for sheet in (STYLESHEET, SEARCH_STYLESHEET):
            if sheet not in config.extra_css:
                config.extra_css.append(sheet)
        for script in (SCRIPT, PREVIEW_SCRIPT, SEARCH_SCRIPT):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        for name in unsupported_extensions(str(e) for e in config.markdown_extensions):
            log.warning(
                "markdown extension %s applies to hand-written pages in %s only: "
                "pages made from notes are rendered by cmark-gfm, which does not read it",
                name,
                Path(config.docs_dir).name + "/",
            )
        return config

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if command == "serve" and not dirty:
            serve.activate()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.source_dir is None:
            return None
        started = time.perf_counter()
        self.hand_written = {f.src_uri for f in files.documentation_pages()}
        self.options = Options(
            unresolved_links=self.config.unresolved_links,
            directory_urls=config.use_directory_urls,
            curation=self._curation_path(config),
            source_url=self._source_url(config),
            permalinks=self._relative_to_config(config, self.config.permalinks),
            source_label=self._source_label(config),
        )
        timings = Timings(meter=terminal_meter)
        handbook = self.run_pipeline(config, timings)
        self.handbook = handbook
        self.log_problems(handbook.problems)
        if handbook.merge_log:
            log.info("merges: %d pages merged from duplicate notes", len(handbook.merge_log))
            for line in handbook.merge_log:
                log.info("merges: %s", line)
        errors = self.link_errors(handbook)
        if errors:
            raise PluginError(f"handbook: {errors} link error(s); see the messages above")
        hand_written = self.hand_written
        self.generated = {}
        for page in handbook.pages:
            if page.src_uri in hand_written:
                log.info("docs/%s is hand-written and replaces the generated page", page.src_uri)
                continue
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
            files.append(file)
            self.generated[page.src_uri] = HandbookPage(
                file, config, page, handbook.rendered[page.src_uri]
            )
        titles = {page_url(p.src_uri, config.use_directory_urls): p.title for p in handbook.pages}
        for old, (new, anchor) in handbook.redirects.items():
            dest = old + "index.html" if old.endswith("/") or not old else old
            page = redirect_html(titles.get(new, ""), old, new, anchor)
            if files.get_file_from_path(dest) is None:
                files.append(File.generated(config, dest, content=page))
        for uri, path in handbook.assets.items():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=path))
        assets = resources.files("handbook").joinpath("assets")
        for uri, name in ASSETS:
            if files.get_file_from_path(uri) is None:
                content = assets.joinpath(name).read_text(encoding="utf-8")
                files.append(File.generated(config, uri, content=content))
        if any('<pre class="mermaid">' in r.html for r in handbook.rendered.values()):
            # 3.5 MB, so only in a site that draws a diagram (html.render_page).
            path = assets.joinpath("vendor", "mermaid.min.js")
            if files.get_file_from_path(MERMAID_SCRIPT) is None:
                files.append(File.generated(config, MERMAID_SCRIPT, abs_src_path=str(path)))
        if not serve.active():
            self.handbook = _exported_only(handbook)
        stages = ", ".join(f"{k} {v:.2f}s" for k, v in timings.stages.items())
        log.info(
            "%d notes -> %d pages in %.2fs (%s; %d process%s)",
            len({s for p in handbook.pages for s in p.sources}),
            len(handbook.pages),
            time.perf_counter() - started,
            stages,
            timings.workers,
            "" if timings.workers == 1 else "es",
        )
        return files

    def run_pipeline(self, config: MkDocsConfig, timings: Timings | None = None) -> Handbook:
        """The core, warm: notes and per-note work are memoised across rebuilds."""
        assert self.source_dir is not None
        # Only serve rebuilds: a one-off build memoises into caches that go
        # with it, so what it parsed is not held while MkDocs writes pages.
        cache, memo = (CACHE, MEMO) if serve.active() else (NoteCache(), Memo())
        return build_handbook(
            self.source_dir, self.options, self.hand_written, cache, timings, memo
        )

    @staticmethod
    def log_problems(problems: Iterable[Problem]) -> None:
        for problem in problems:
            log_problem(problem)

    @staticmethod
    def link_errors(handbook: Handbook) -> int:
        # Only ``unresolved_links: error`` stops the build: other errors are
        # logged and the build goes on (``--strict`` fails on them).
        return sum(
            1 for p in handbook.problems if p.severity == "error" and p.rule == "link/unresolved"
        )

    def watched(self, config: MkDocsConfig) -> list[str]:
        """What a partial rebuild cannot follow: everything but the notes."""
        paths = [config.config_file_path or "", config.docs_dir, *config.watch]
        paths += [self.options.curation, self.options.permalinks]
        if config.theme.custom_dir:
            paths.append(config.theme.custom_dir)
        return [p for p in paths if p and os.path.exists(p)]

    def _curation_path(self, config: MkDocsConfig) -> str:
        return self._relative_to_config(config, self.config.curation)

    @staticmethod
    def _relative_to_config(config: MkDocsConfig, path: str) -> str:
        if not path:
            return ""
        return str(Path(config.config_file_path or ".").resolve().parent / path)

    def _source_label(self, config: MkDocsConfig) -> str:
        """The notes folder relative to mkdocs.yml, as the registry records it."""
        base = Path(config.config_file_path or ".").resolve().parent
        assert self.source_dir is not None
        return Path(os.path.relpath(self.source_dir, base)).as_posix()

    def _source_url(self, config: MkDocsConfig) -> str:
        if self.config.source_url:
            return self.config.source_url
        if config.repo_url and self.source_dir is not None:
            base = Path(config.config_file_path or ".").resolve().parent
            try:
                folder = self.source_dir.relative_to(base).as_posix()
            except ValueError:
                return ""
            return f"{config.repo_url.rstrip('/')}/blob/HEAD/{folder}/{{path}}"
        return ""

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        self.nav, self.files = nav, files

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> None:
        self.env = env
        self.meter = terminal_meter("writing pages", len(files.documentation_pages()))

    def on_post_page(self, output: str, /, *, page: MkPage, config: MkDocsConfig) -> None:
        self.meter.advance()
        if isinstance(page, HandbookPage) and not serve.active():
            page.release()

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.meter.close()
        if self.handbook is None:
            return
        write_export(self.handbook.export, Path(config.site_dir))
        if not serve.active():
            # Nothing is rebuilt after a one-off build: what the core made
            # goes before Pagefind, a process of its own, starts indexing.
            self.handbook = None
            self.generated = {}
            release_memory()
        # Pagefind reads the written site; under serve this re-indexes it
        # whole after each rebuild (half a second for the seeds, about
        # fifteen for the shared corpus).
        indexed = index_site(Path(config.site_dir))
        if indexed.error:
            log.warning("search: the site was not indexed: %s", indexed.error)
        else:
            log.info(
                "search: %d pages indexed in %.2fs (%.1f MB)",
                indexed.pages,
                indexed.seconds,
                indexed.size / 1e6,
            )
        if serve.active() and self.nav is not None and self.files is not None:
            serve.remember(
                serve.BuildState(
                    self,
                    config,
                    self.files,
                    self.nav,
                    self.env,
                    self.generated,
                    serve.watched_inputs(self.watched(config)),
                )
            )

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.source_dir is not None:
            server.watch(str(self.source_dir))
            if serve.active() and getattr(server, "builder", None) is builder:
                server.builder = serve.Rebuilder(builder)
        return server

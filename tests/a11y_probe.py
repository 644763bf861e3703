"""Browser probes for the keyboard, reflow and no-JavaScript tests (issue #19).

They look at a page the way a person meets it: Tab through it, narrow it, enlarge its text.

    focused(page, cdp)            what the focused element is, where it is, its accessible
                                  name (Chromium's accessibility tree) and its focus indicator
                                  (outline or box-shadow colour against the background behind it).
    tab_walk(page, cdp, limit)    press Tab until focus leaves the page; the list of focused().
    overflow_report(page)         elements reaching past the right edge of the viewport, and
                                  text cut off by overflow: hidden/clip or an ellipsis.
    TEXT_SPACING_CSS              the WCAG 1.4.12 text-spacing overrides as a style sheet.
    text_zoom_css(factor)         the root font size times ``factor`` (text-only zoom).
"""

from __future__ import annotations

TEXT_SPACING_CSS = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


def text_zoom_css(factor: float) -> str:
    """Text-only zoom: Material sizes everything in rem off the root font size (125 %)."""
    return f"html {{ font-size: {125 * factor:g}% !important; }}"


_FOCUSED_JS = r"""
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const parse = (c) => {
    const m = c && c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
  // The colours behind the indicator: the first opaque background from the parent up;
  // gradients count with each of their colours (the worst one decides).
  const backgrounds = (start) => {
    let layers = [];
    for (let n = start; n && n.nodeType === 1; n = n.parentElement) {
      const cs = getComputedStyle(n);
      const img = cs.backgroundImage;
      if (img && img.includes("gradient")) {
        const stops = (img.match(/rgba?\([^)]+\)/g) || []).map(parse).filter(c => c.a > 0.5);
        if (stops.length) {
          return stops.map(s => layers.reduceRight((acc, l) => over(l, acc), over(s, {r: 255, g: 255, b: 255, a: 1})));
        }
      }
      const c = parse(cs.backgroundColor);
      if (c && c.a > 0) {
        if (c.a >= 1) return [layers.reduceRight((acc, l) => over(l, acc), c)];
        layers.push(c);
      }
    }
    return [layers.reduceRight((acc, l) => over(l, acc), {r: 255, g: 255, b: 255, a: 1})];
  };
  const cs = getComputedStyle(el);
  let indicator = null, kind = null;
  if (cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2) {
    indicator = parse(cs.outlineColor); kind = "outline " + cs.outlineWidth + " " + cs.outlineColor;
  } else if (cs.boxShadow && cs.boxShadow !== "none") {
    indicator = parse(cs.boxShadow); kind = "box-shadow " + cs.boxShadow;
  }
  const bgs = backgrounds(el.parentElement);
  const contrast = indicator ? Math.min(...bgs.map(b => ratio(over(indicator, b), b))) : 0;
  const r = el.getBoundingClientRect();
  const describe = (n) => {
    let s = n.tagName.toLowerCase();
    if (n.id) s += "#" + n.id;
    const c = (n.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean).slice(0, 2);
    if (c.length) s += "." + c.join(".");
    const href = n.getAttribute("href");
    if (href) s += `[href="${href}"]`;
    return s;
  };
  return {
    desc: describe(el),
    tag: el.tagName.toLowerCase(),
    href: el.getAttribute("href"),
    left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height,
    vw: document.documentElement.clientWidth, vh: window.innerHeight,
    indicator: kind, contrast: Math.round(contrast * 100) / 100,
    inMain: !!el.closest("main"), inDrawer: !!el.closest(".md-sidebar--primary"),
    inHeader: !!el.closest("header"),
  };
}
"""


def accessible_name(cdp) -> str:
    """The accessible name Chromium computes for document.activeElement."""
    handle = cdp.send("Runtime.evaluate", {"expression": "document.activeElement"})
    object_id = handle["result"].get("objectId")
    if not object_id:
        return ""
    tree = cdp.send("Accessibility.getPartialAXTree", {"objectId": object_id, "fetchRelatives": False})
    cdp.send("Runtime.releaseObject", {"objectId": object_id})
    for node in tree.get("nodes", []):
        if node.get("ignored"):
            continue
        name = (node.get("name") or {}).get("value") or ""
        return " ".join(str(name).split())
    return ""


def focused(page, cdp) -> dict | None:
    info = page.evaluate(_FOCUSED_JS)
    if info is not None:
        info["name"] = accessible_name(cdp)
    return info


_SETTLED_JS = """() => new Promise((done) => {
  // Scrolling to the focused element may be smooth: wait until the page stands still.
  let last = -1, still = 0, frames = 0;
  const tick = () => {
    const y = window.scrollY;
    still = y === last ? still + 1 : 0;
    last = y;
    if (still >= 2 || ++frames > 60) done(); else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})"""


def settle(page) -> None:
    page.evaluate(_SETTLED_JS)


def tab_walk(page, cdp, limit: int = 400) -> list[dict]:
    """Tab from the top of the page until focus leaves the document (or comes round again)."""
    stops: list[dict] = []
    seen_first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        settle(page)
        info = focused(page, cdp)
        if info is None:
            break
        key = (info["desc"], round(info["top"] + page.evaluate("scrollY")))
        if seen_first is None:
            seen_first = key
        elif key == seen_first:
            break
        stops.append(info)
    return stops


def focus_problems(stops: list[dict]) -> list[str]:
    """Stops outside the viewport, without a name, or with a weak or missing indicator."""
    problems = []
    for i, s in enumerate(stops, 1):
        where = f"stop {i} {s['desc']}"
        if s["width"] <= 0 or s["height"] <= 0:
            problems.append(f"{where}: has no size (invisible)")
        elif s["right"] <= 0 or s["left"] < -1 or s["right"] > s["vw"] + 1 \
                or s["bottom"] <= 0 or s["top"] >= s["vh"]:
            problems.append(f"{where}: outside the viewport ({s['left']:.0f}..{s['right']:.0f} × "
                            f"{s['top']:.0f}..{s['bottom']:.0f} in {s['vw']}×{s['vh']})")
        if not s["name"]:
            problems.append(f"{where}: no accessible name")
        if s["contrast"] < 3:
            problems.append(f"{where}: focus indicator {s['indicator'] or 'missing'} "
                            f"has contrast {s['contrast']}:1 (< 3:1)")
    return problems


_OVERFLOW_JS = r"""
() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  const hiddenish = (el) => {
    // visually hidden on purpose (screen-reader text, skip links before focus)
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return true;
    for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const cs = getComputedStyle(n);
      if (cs.visibility === "hidden" || cs.display === "none") return true;
      if (cs.clip && cs.clip !== "auto" && cs.position === "absolute") return true;
      if (cs.clipPath && cs.clipPath !== "none" && cs.clipPath.includes("inset(50%")) return true;
    }
    return false;
  };
  const inScroller = (el) => {
    // a scroll container of its own (wide tables): allowed by 1.4.10
    for (let n = el.parentElement; n && n !== document.body && n !== document.documentElement; n = n.parentElement) {
      const ox = getComputedStyle(n).overflowX;
      if ((ox === "auto" || ox === "scroll") && n.clientWidth < vw) return true;
    }
    return false;
  };
  const describe = (n) => {
    let s = n.tagName.toLowerCase();
    if (n.id) s += "#" + n.id;
    const c = (n.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean).slice(0, 2);
    if (c.length) s += "." + c.join(".");
    return s;
  };
  const closedDrawer = (el) => {
    const d = el.closest(".md-sidebar--primary, .md-sidebar--secondary");
    if (!d) return false;
    const r = d.getBoundingClientRect();
    return r.right <= 1 || r.left >= vw - 1;
  };
  for (const el of document.body.querySelectorAll("*")) {
    if (el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
    const hasText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > vw + 1 && !hiddenish(el) && !inScroller(el) && !closedDrawer(el)) {
      out.push(`${describe(el)} reaches ${Math.round(r.right)} px (viewport ${vw})`);
    }
    if (!hasText || hiddenish(el) || closedDrawer(el)) continue;
    const cs = getComputedStyle(el);
    const clips = ["hidden", "clip"];
    if ((clips.includes(cs.overflowX) || cs.textOverflow === "ellipsis") && el.scrollWidth > el.clientWidth + 1) {
      out.push(`${describe(el)} cuts its text horizontally ("${el.textContent.trim().slice(0, 40)}")`);
    }
    if (clips.includes(cs.overflowY) && el.scrollHeight > el.clientHeight + 2 && cs.webkitLineClamp === "none") {
      out.push(`${describe(el)} cuts its text vertically ("${el.textContent.trim().slice(0, 40)}")`);
    }
  }
  const doc = document.documentElement;
  return {scrollWidth: Math.max(doc.scrollWidth, document.body.scrollWidth), vw, problems: out};
}
"""


def overflow_report(page) -> dict:
    return page.evaluate(_OVERFLOW_JS)

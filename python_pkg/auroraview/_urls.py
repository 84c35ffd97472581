"""URL helpers with upstream AuroraView's names: normalize_url, path_to_file_url and
rewrite_html_for_custom_protocol."""
import os
import pathlib
import posixpath
import re
import urllib.parse


def normalize_url(url):
    """url with a scheme (https:// when it has none) and a path ("/" when empty), its scheme and
    host in lower case: "example.com" gives "https://example.com/". A text that is no URL even
    then (no host) is a ValueError."""
    text = str(url).strip()
    if "://" not in text:
        text = "https://" + text
    parts = urllib.parse.urlsplit(text)
    if not parts.scheme or (not parts.netloc and parts.scheme != "file"):
        raise ValueError(f"normalize_url: {url!r} is not a URL")
    return urllib.parse.urlunsplit(
        (parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, parts.fragment))


def path_to_file_url(path):
    """The file:// URL of path (made absolute, symlinks resolved, characters percent-encoded):
    "/tmp/my page.html" gives "file:///tmp/my%20page.html"."""
    return pathlib.Path(os.path.expanduser(os.fspath(path))).resolve().as_uri()


# src= and href= of the elements that load a resource, quoted either way, in any attribute order.
_RESOURCE_ATTR = re.compile(
    r"""(<(?:link|script|img|source|video|audio|track|iframe)\b[^>]*?\s(?:src|href)\s*=\s*)(["'])(.*?)\2""",
    re.IGNORECASE | re.DOTALL,
)
_CSS_URL = re.compile(r"""(url\(\s*)(["']?)([^"')]*)\2(\s*\))""", re.IGNORECASE)


def rewrite_html_for_custom_protocol(html, base_url=None):
    """html with each relative resource path (the src/href of link, script, img, source, video,
    audio, track and iframe elements, and CSS url(...)) made absolute under base_url, a view's
    asset root: a WebView (its asset_url) or that URL ("auroraview://<host>/"). Absolute URLs,
    data:, other schemes and #anchors stay as they are; "./a" and "/a" both become base_url + "a",
    "../a" cannot climb above the root. Upstream AuroraView's name; there the root is implied,
    here each view has its own, so it must be given. A page loaded with load_html() on a view with
    asset_root= needs no rewriting: the root is its base URL already."""
    base = getattr(base_url, "asset_url", base_url)
    if not base:
        raise ValueError(
            "rewrite_html_for_custom_protocol(html, base_url): give the view (made with asset_root=) "
            "or its asset_url; each view has its own asset root here")
    base = str(base)
    if not base.endswith("/"):
        base += "/"

    def absolute(path):
        if not path or path.startswith(("#", "//")) or urllib.parse.urlsplit(path).scheme:
            return path
        # urljoin does not join under a scheme it does not know (auroraview:), so by hand.
        cut = min((i for i in (path.find("?"), path.find("#")) if i >= 0), default=len(path))
        inside = posixpath.normpath("/" + path[:cut]).lstrip("/")
        return base + inside + ("/" if path[:cut].endswith("/") and inside else "") + path[cut:]

    html = _RESOURCE_ATTR.sub(lambda m: f"{m[1]}{m[2]}{absolute(m[3])}{m[2]}", html)
    return _CSS_URL.sub(lambda m: f"{m[1]}{m[2]}{absolute(m[3])}{m[2]}{m[4]}", html)

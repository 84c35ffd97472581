"""URL helpers with upstream AuroraView's names: normalize_url and path_to_file_url."""
import os
import pathlib
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

"""Partial responses: the ``fields`` query parameter (``items(id,etag),nextPageToken``).

Grammar (Google's): a comma-separated list of selections; a selection is a path
``a/b/c`` optionally followed by ``(sub-selection)``. Lists apply the selection to each
element. An unparsable selection is a 400.
"""

from __future__ import annotations

from typing import Any

from .errors import bad_request

Tree = dict[str, "Tree | None"]  # None: keep the whole value


def parse(spec: str) -> Tree:
    tree, rest = _parse_list(spec.replace(" ", ""), 0)
    if rest != len(spec.replace(" ", "")):
        raise _invalid(spec)
    return tree


def _invalid(spec: str) -> Exception:
    return bad_request(
        f"Invalid field selection {spec}", location="fields", location_type="parameter"
    )


def _parse_list(spec: str, i: int) -> tuple[Tree, int]:
    tree: Tree = {}
    while True:
        start = i
        while i < len(spec) and spec[i] not in ",()":
            i += 1
        path = spec[start:i]
        if not path or any(not part for part in path.split("/")):
            raise _invalid(spec)
        sub: Tree | None = None
        if i < len(spec) and spec[i] == "(":
            sub, i = _parse_list(spec, i + 1)
            if i >= len(spec) or spec[i] != ")":
                raise _invalid(spec)
            i += 1
        _insert(tree, path.split("/"), sub)
        if i < len(spec) and spec[i] == ",":
            i += 1
            continue
        return tree, i


def _insert(tree: Tree, parts: list[str], sub: Tree | None) -> None:
    head, rest = parts[0], parts[1:]
    if head in tree and tree[head] is None:
        return  # the whole value is kept already
    if not rest and sub is None:
        tree[head] = None
        return
    child = tree.get(head)
    if child is None:
        child = {}
        tree[head] = child
    if rest:
        _insert(child, rest, sub)
    else:
        assert sub is not None
        child.update(sub)


def apply(value: Any, tree: Tree | None) -> Any:
    if tree is None:
        return value
    if isinstance(value, list):
        return [apply(item, tree) for item in value]
    if isinstance(value, dict):
        return {k: apply(value[k], sub) for k, sub in tree.items() if k in value}
    return value

"""A small scene graph standing in for a DCC's (what maya.cmds or hou would answer): nodes with
ids, names, types and a hierarchy, and the host's naming rules for renames."""
import itertools
import re

TYPES = ("group", "mesh", "camera", "light", "joint")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


class Node:
    def __init__(self, node_id, name, node_type, parent):
        self.id = node_id
        self.name = name
        self.type = node_type
        self.parent = parent
        self.children = []


class Scene:
    """nodes: nested (name, type, [children]) tuples under an invisible root."""

    def __init__(self, name, nodes):
        self.name = name
        self._ids = itertools.count(1)
        self._nodes = {}
        self.root = Node(0, "|", "group", None)
        self._add(self.root, nodes)

    def _add(self, parent, specs):
        for name, node_type, children in specs:
            if node_type not in TYPES:
                raise ValueError(f"unknown node type {node_type!r}")
            node = Node(next(self._ids), name, node_type, parent)
            self._nodes[node.id] = node
            parent.children.append(node)
            self._add(node, children)

    def __len__(self):
        return len(self._nodes)

    def ids(self):
        """Every node's id, parents before children."""
        return list(self._nodes)

    def node(self, node_id):
        try:
            return self._nodes[node_id]
        except (KeyError, TypeError):
            raise KeyError(f"no node with id {node_id!r}") from None

    def path(self, node_id):
        """'|characters|hero|hero_geo' as DCCs print full paths."""
        parts, node = [], self.node(node_id)
        while node.parent is not None:
            parts.append(node.name)
            node = node.parent
        return "|" + "|".join(reversed(parts))

    def tree(self):
        """The hierarchy as JSON-ready dicts: {id, name, type, children}."""

        def dump(node):
            return {"id": node.id, "name": node.name, "type": node.type, "children": [dump(c) for c in node.children]}

        return [dump(child) for child in self.root.children]

    def rename(self, node_id, new_name):
        """Renames a node; names follow the usual DCC rule (a letter or _, then letters, digits,
        _) and are unique among siblings. Returns the new name; raises ValueError otherwise."""
        node = self.node(node_id)
        if not isinstance(new_name, str) or not _NAME.match(new_name):
            raise ValueError(f"{new_name!r} is not a valid node name (letters, digits and _, not starting with a digit)")
        if any(sibling.name == new_name for sibling in node.parent.children if sibling is not node):
            raise ValueError(f"{self.path(node.parent.id) if node.parent.id else ''}|{new_name} exists already")
        node.name = new_name
        return new_name


def _spec(node_type):
    return lambda name, *children: (name, node_type, list(children))


def demo_scene():
    """shot_010_layout: cameras, two characters with geometry and a rig, a set, lights."""
    grp, mesh, cam, light, jnt = (_spec(t) for t in ("group", "mesh", "camera", "light", "joint"))
    return Scene(
        "shot_010_layout",
        [
            grp("cameras", cam("persp"), cam("shotCam_010")),
            grp(
                "characters",
                grp(
                    "hero",
                    grp("hero_geo", mesh("hero_body"), mesh("hero_head"), mesh("hero_cloak")),
                    grp("hero_rig", jnt("root_jnt", jnt("spine_jnt", jnt("neck_jnt", jnt("head_jnt"))))),
                ),
                grp("sidekick", grp("sidekick_geo", mesh("sidekick_body")), grp("sidekick_rig", jnt("root_jnt"))),
            ),
            grp(
                "environment",
                mesh("ground"),
                grp("props", mesh("crate_01"), mesh("crate_02"), mesh("crate_03"), mesh("lantern")),
                mesh("ruins_wall"),
            ),
            grp("lights", light("key_light"), light("fill_light"), light("rim_light"), light("sky_dome")),
        ],
    )

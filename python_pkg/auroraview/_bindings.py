"""What a view's page can call, by upstream AuroraView's rules:

- a method bound as "ns.name" is auroraview.ns.name() in the page, for any namespace ns (the
  view's page script names the namespaces before the page's own scripts run);
- a method bound with no namespace, bind_call("name"), is also auroraview.api.name() (and
  auroraview.call("name") as before), unless "api.name" is bound in its own right;
- bind_api(obj, namespace) binds a namespace once; binding it again is skipped unless
  allow_rebind=True.

Any thread: the page script is replaced on the main thread (_core queues it)."""
import json
import threading

# Properties of window.auroraview itself: a namespace of one of these names is still callable
# with auroraview.call("<ns>.x"), but auroraview.<ns> stays the bridge's own.
BRIDGE_NAMES = frozenset({
    "version", "AuroraViewError", "call", "send_event", "on", "off", "once", "trigger", "api",
    "whenReady", "pending", "isReady", "invoke", "state", "channel", "getBoundMethods",
    "isMethodBound", "invokeCommand", "stream",
})


class Bindings:
    def __init__(self, core):
        self._core = core
        self._lock = threading.Lock()
        self._namespaces = set()  # of the methods bound, "api" included
        self._aliases = {}  # "api.name" -> "name", for names bound with no namespace
        self._bound_namespaces = set()  # by bind_api
        self._handlers = {}  # method (and api. alias) -> fn, for streams (core/streams.py)

    def bind(self, method, fn, allow_rebind=True):
        """Binds fn as method (and its api. alias); False when allow_rebind is False and method
        is bound already."""
        if not isinstance(method, str) or not method:
            raise TypeError(f"bind_call(method, fn): method must be a non-empty str, not {method!r}")
        if not allow_rebind and self.is_bound(method):
            return False
        self._core.bind(method, fn)
        namespace, dot, _ = method.partition(".")
        with self._lock:
            self._handlers[method] = fn
            self._aliases.pop(method, None)  # bound in its own right now
            if not dot:
                alias = f"api.{method}"
                if alias in self._aliases or alias not in self._core.bound():
                    try:
                        self._core.bind(alias, fn)
                        self._aliases[alias] = method
                        self._handlers[alias] = fn
                    except ValueError:  # "api." made the name too long: reachable by call() only
                        pass
                namespace = "api"
            new = namespace not in self._namespaces
            self._namespaces.add(namespace)
            names = sorted(self._namespaces - BRIDGE_NAMES)
        if new and namespace not in BRIDGE_NAMES:
            self._announce(names)
        return True

    def is_bound(self, method):
        return method in self._core.bound()

    def handler(self, method):
        """The function bound as method now, or None."""
        with self._lock:
            fn = self._handlers.get(method)
        return fn if method in self._core.bound() else None

    def names(self):
        """The methods bound, as the user bound them (the api. aliases left out), sorted."""
        with self._lock:
            aliases = set(self._aliases)
        return [name for name in self._core.bound() if name not in aliases]

    def claim_namespace(self, namespace, allow_rebind):
        """True when bind_api should bind namespace now (first time, or allow_rebind)."""
        with self._lock:
            if namespace in self._bound_namespaces and not allow_rebind:
                return False
            self._bound_namespaces.add(namespace)
            return True

    def namespace_bound(self, namespace):
        with self._lock:
            return namespace in self._bound_namespaces

    def _announce(self, names):
        listed = json.dumps(names)
        # Documents created from now on get the namespaces before their own scripts run; the one
        # showing gets them now (in order with emits, once its bridge is ready).
        self._core.set_page_script(f"window.auroraview.__namespaces({listed});")
        self._core.eval_js(f"window.auroraview && window.auroraview.__namespaces && "
                           f"window.auroraview.__namespaces({listed});")

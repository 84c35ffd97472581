"""Sentences for a handler's mistakes, said in the terms of the user's own code: which handler
(its name, what it accepts, the file and line it is defined at) and what to do. _core
(av_pyview.c) calls these with the exception the call failed with; each returns the exception
the page and the log get instead."""
import inspect


def describe(fn):
    """'greet(name) at /path/hello.py:12', as far as fn lets itself be described."""
    target = inspect.unwrap(fn) if callable(fn) else fn
    target = getattr(target, "__func__", target)  # a bound method's function
    target = getattr(target, "func", target) if not hasattr(target, "__code__") else target  # a partial's
    name = getattr(fn, "__qualname__", None) or getattr(target, "__qualname__", None) or type(fn).__name__
    try:
        signature = str(inspect.signature(fn))
    except (TypeError, ValueError):
        signature = "(...)"
    code = getattr(target, "__code__", None)
    where = f" at {code.co_filename}:{code.co_firstlineno}" if code is not None else ""
    return f"{name}{signature}{where}"


def bad_params(fn, method, exc):
    """The page's params do not fit the handler's parameters (INVALID_PARAMS)."""
    return TypeError(f"{exc}; the handler of '{method}' is {describe(fn)}")


def bad_result(fn, method, exc):
    """The handler returned a value JSON cannot carry (HANDLER_ERROR)."""
    handler = f" ({describe(fn)})" if fn is not None else ""
    return TypeError(f"the handler of '{method}'{handler} returned a value JSON cannot carry: {exc}")

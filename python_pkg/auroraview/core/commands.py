"""Upstream AuroraView's commands: Python functions a page runs with auroraview.invoke(name, args).

@view.command (or view.commands.register) adds one to the view's CommandRegistry. The page's
invoke sends "__invoke__" {id, command, args}; the command runs on the main thread with args as
keyword arguments (an array: positional ones), and its return value (an async command's, once
awaited) goes back as "__invoke_result__", which resolves the page's promise. A failure rejects it
with the CommandError's code, message and details: the command raised CommandError, or the name or
the arguments were wrong (COMMAND_NOT_FOUND, INVALID_ARGUMENTS, checked before the command runs),
or it raised anything else (EXECUTION_ERROR).
"""
import inspect
import logging
import traceback
from enum import Enum

logger = logging.getLogger("auroraview")

INVOKE_EVENT = "__invoke__"  # page -> Python (upstream's name and fields)
RESULT_EVENT = "__invoke_result__"  # Python -> page: {id, ok, result} or {id, ok: false, error}
REGISTERED_EVENT = "__command_registered__"  # Python -> page: {name, params}, as upstream


class CommandErrorCode(Enum):
    """Why a command failed; the page's error has the value as its code."""

    UNKNOWN = "UNKNOWN"
    INTERNAL = "INTERNAL"
    INVALID_DATA = "INVALID_DATA"
    MISSING_COMMAND = "MISSING_COMMAND"
    COMMAND_NOT_FOUND = "COMMAND_NOT_FOUND"
    INVALID_ARGUMENTS = "INVALID_ARGUMENTS"
    MISSING_ARGUMENT = "MISSING_ARGUMENT"
    TYPE_ERROR = "TYPE_ERROR"
    EXECUTION_ERROR = "EXECUTION_ERROR"
    TIMEOUT = "TIMEOUT"
    CANCELLED = "CANCELLED"
    PERMISSION_DENIED = "PERMISSION_DENIED"


class CommandError(Exception):
    """Raised by a command to reject the page's invoke with code (a CommandErrorCode), message
    and details (a dict the page gets as err.details)."""

    def __init__(self, code, message, details=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}

    def to_dict(self):
        """{"code", "message"} and "details" when there are any, as the page gets them."""
        result = {"code": getattr(self.code, "value", self.code), "message": self.message}
        if self.details:
            result["details"] = self.details
        return result

    def __repr__(self):
        return f"CommandError({getattr(self.code, 'value', self.code)}: {self.message})"


class CommandRegistry:
    """Commands by name. view.commands is the view's (the page's invoke runs its commands); a
    registry made alone is a plain table (invoke() runs one from Python) until
    _attach_webview(view) makes it the view's."""

    def __init__(self, webview=None):
        self._commands = {}
        self._webview = None
        if webview is not None:
            self._attach_webview(webview)

    def _attach_webview(self, webview):
        webview._link.adopt_commands(self)

    def register(self, func_or_name=None, *, name=None):
        """Adds a command under its function's name, or the name given: @register,
        @register("name"), @register(name="name"), or register(fn). Returns the function. A
        later registration of a name replaces the earlier one."""
        if callable(func_or_name):
            return self._add(name or func_or_name.__name__, func_or_name)
        if func_or_name is not None and not isinstance(func_or_name, str):
            raise TypeError(f"register(): give a function or a command name, not {type(func_or_name).__name__}")
        chosen = name or func_or_name
        return lambda fn: self._add(chosen or fn.__name__, fn)

    def _add(self, name, fn):
        if not callable(fn):
            raise TypeError(f"command {name!r} must be callable, not {type(fn).__name__}")
        self._commands[name] = fn
        view = self._webview
        if view is not None and not view.closed:
            view.emit(REGISTERED_EVENT, {"name": name, "params": _parameter_names(fn)})
        return fn

    def unregister(self, name):
        """Removes the command name; False when there is none."""
        return self._commands.pop(name, None) is not None

    def list_commands(self):
        """The names of the commands, in the order they were registered."""
        return list(self._commands)

    def has_command(self, name):
        return name in self._commands

    def invoke(self, command_name, **kwargs):
        """Runs a command from Python: its return value (an async command's coroutine). KeyError
        when there is no such command."""
        if command_name not in self._commands:
            raise KeyError(f"Unknown command: {command_name}")
        return self._commands[command_name](**kwargs)

    def __len__(self):
        return len(self._commands)

    def __contains__(self, name):
        return name in self._commands

    def __repr__(self):
        return f"CommandRegistry({list(self._commands)})"

    # ---- the page's invoke ---------------------------------------------------------------

    def _prepare(self, command, args):
        """(fn, positional, keyword) for a page's invoke; CommandError when it cannot run."""
        if not isinstance(command, str) or not command:
            raise CommandError(CommandErrorCode.MISSING_COMMAND,
                               "Missing command name in invoke request (auroraview.invoke(name, args))")
        fn = self._commands.get(command)
        if fn is None:
            raise CommandError(CommandErrorCode.COMMAND_NOT_FOUND, f"Command not found: {command}",
                               {"command": command, "available": list(self._commands)})
        if args is None:
            positional, keyword = [], {}
        elif isinstance(args, dict):
            positional, keyword = [], args
        elif isinstance(args, list):
            positional, keyword = args, {}
        else:
            raise CommandError(CommandErrorCode.INVALID_ARGUMENTS,
                               f"Invalid arguments for '{command}': args must be an object or an array, "
                               f"not {type(args).__name__}", {"command": command})
        try:
            inspect.signature(fn).bind(*positional, **keyword)
        except TypeError as e:
            raise CommandError(CommandErrorCode.INVALID_ARGUMENTS, f"Invalid arguments for '{command}': {e}",
                               {"command": command, "expected": _parameter_names(fn),
                                "received": list(keyword) if keyword else len(positional)}) from None
        except ValueError:
            pass  # no signature to read (a builtin): the call itself decides
        return fn, positional, keyword


def _parameter_names(fn):
    try:
        return list(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return []


def _failure(command, error, debug):
    """The page's error for an exception a command raised."""
    if isinstance(error, CommandError):
        body = error.to_dict()
    else:
        logger.warning("command '%s' failed: %s: %s", command, type(error).__name__, error, exc_info=error)
        body = CommandError(CommandErrorCode.EXECUTION_ERROR, f"Command execution failed: {error}",
                            {"command": command, "exception": type(error).__name__}).to_dict()
        if debug:
            body["details"]["traceback"] = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return {"code": body["code"], "message": body["message"], "name": "CommandError",
            "data": body.get("details", {})}

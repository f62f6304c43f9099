"""Loading the settings tree from its sources, remembering where each value came from.

Part of the settings tree: the one place that reads the environment. Highest first:
command-line options, ADVISOR_* environment variables, ADVISOR_* lines of `.env`, the
config file, OPENAI_BASE_URL / OPENAI_API_KEY (environment or `.env`) as fallbacks for the
openai backend, then the defaults. The config file is `--config FILE`, else ADVISOR_CONFIG,
else `advisor.toml` in the working directory when there is one.

Written here rather than with pydantic-settings because it must say, for every value, which
file or variable set it (`advisor config`), and name the file or variable of a typo.
"""

from __future__ import annotations

import difflib
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from dotenv import dotenv_values
from pydantic import BaseModel, ValidationError

from advisor.errors import ConfigError
from advisor.settings import Settings

ENV_PREFIX = "ADVISOR_"
NESTED_DELIMITER = "__"  # ADVISOR_LLM__MODEL is llm.model
CONFIG_VARIABLE = "ADVISOR_CONFIG"
DEFAULT_CONFIG = Path("advisor.toml")
DOTENV = Path(".env")
OPENAI_FALLBACKS = {"OPENAI_BASE_URL": "llm.base_url", "OPENAI_API_KEY": "llm.api_key"}
SECRETS = frozenset({"llm.api_key", "web.auth", "web.api_key"})  # never printed, not even in errors


class Origin(NamedTuple):
    """Where a value came from: `kind` is default, file, .env, env or cli; `detail` says
    which file or variable."""

    kind: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.kind} {self.detail}".strip()


DEFAULT = Origin("default")
Flat = dict[str, tuple[Any, Origin]]  # dotted key -> (value, where it came from)


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    origins: dict[str, Origin]  # dotted key -> where its value came from; absent: default
    config_file: Path | None

    def effective(self) -> list[tuple[str, Any, Origin]]:
        """(key, value, origin) for every setting; secrets masked."""
        rows = []
        for key, value in _leaves(self.settings.model_dump(mode="json")):
            origin = self.origins.get(key, DEFAULT)
            if key in SECRETS and origin != DEFAULT and value is not None:
                value = "***"
            rows.append((key, value, origin))
        return rows


def load_settings(
    config_file: Path | None = None, overrides: Mapping[str, Any] | None = None
) -> LoadedSettings:
    """The settings from every source; `overrides` are dotted keys from command-line options.

    Raises `ConfigError` naming the file or variable for an unknown key, a file that is not
    TOML or does not exist, or a value out of bounds.
    """
    dotenv = _read_dotenv(DOTENV)
    config = _config_path(config_file, dotenv)
    flat: Flat = {}
    flat.update(_fallbacks(dotenv))
    if config is not None:
        flat.update(_flatten(_read_toml(config), Origin("file", str(config))))
    flat.update(_from_variables(dotenv, ".env"))
    flat.update(_from_variables(dict(os.environ), "env"))
    for key, value in (overrides or {}).items():
        _check_key(key.split("."), Origin("cli"))
        flat[key] = (value, Origin("cli", "option"))
    try:
        settings = Settings.model_validate(_unflatten(flat))
    except ValidationError as exc:
        raise ConfigError(_describe(exc, flat)) from exc
    return LoadedSettings(settings, {key: origin for key, (_, origin) in flat.items()}, config)


def _config_path(explicit: Path | None, dotenv: Mapping[str, str]) -> Path | None:
    named = [
        (explicit, "--config"),
        (os.environ.get(CONFIG_VARIABLE), CONFIG_VARIABLE),
        (dotenv.get(CONFIG_VARIABLE), f"{CONFIG_VARIABLE} in .env"),
    ]
    for path, how in named:
        if path:
            if not Path(path).is_file():
                raise ConfigError(f"{path}: no such config file ({how})")
            return Path(path).resolve()
    return DEFAULT_CONFIG.resolve() if DEFAULT_CONFIG.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror}") from exc


def _read_dotenv(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        return {k: v for k, v in dotenv_values(path).items() if v is not None}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path.resolve()}: cannot read .env: {exc}") from exc


def _fallbacks(dotenv: Mapping[str, str]) -> Flat:
    flat: Flat = {}
    for variable, key in OPENAI_FALLBACKS.items():
        if os.environ.get(variable):
            flat[key] = (os.environ[variable], Origin("env", variable))
        elif dotenv.get(variable):
            flat[key] = (dotenv[variable], Origin(".env", f"{DOTENV.resolve()}: {variable}"))
    return flat


def _from_variables(variables: Mapping[str, str], kind: str) -> Flat:
    """ADVISOR_* variables as dotted keys. An unknown key inside a known section, or a name
    close to a known one, is a typo; another unknown name may be someone else's and is left
    alone."""
    flat: Flat = {}
    for name, value in variables.items():
        upper = name.upper()
        if not upper.startswith(ENV_PREFIX) or upper == CONFIG_VARIABLE:
            continue
        path = upper[len(ENV_PREFIX) :].lower().split(NESTED_DELIMITER)
        origin = Origin(kind, name if kind == "env" else f"{DOTENV.resolve()}: {name}")
        if path[0] not in Settings.model_fields:
            if difflib.get_close_matches(path[0], list(Settings.model_fields), n=1):
                _check_key(path[:1], origin)  # ADVISOR_DATADIR: a typo, said as one
            continue
        if _section(path) is not None and value.lstrip().startswith("{"):
            try:
                flat.update(_flatten(json.loads(value), origin, path))
            except json.JSONDecodeError as exc:
                raise ConfigError(f"{origin}: not valid JSON: {exc}") from exc
        else:
            _check_key(path, origin)
            flat[".".join(path)] = (value, origin)
    return flat


def _flatten(data: Mapping[str, Any], origin: Origin, prefix: list[str] | None = None) -> Flat:
    """Dotted keys of a nested mapping, each checked against the settings tree."""
    flat: Flat = {}
    for name, value in data.items():
        path = [*(prefix or []), str(name)]
        _check_key(path, origin)
        if isinstance(value, Mapping) and _section(path) is not None:
            flat.update(_flatten(value, origin, path))
        else:
            flat[".".join(path)] = (value, origin)
    return flat


def _section(path: list[str]) -> type[BaseModel] | None:
    """The settings model at `path` when it is a section, else None."""
    model: type[BaseModel] = Settings
    for name in path:
        field = model.model_fields.get(name)
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        model = annotation
    return model


def _check_key(path: list[str], where: Origin) -> None:
    parent = _section(path[:-1])
    if parent is None or path[-1] not in parent.model_fields:
        known = list(parent.model_fields) if parent else []
        close = difflib.get_close_matches(path[-1], known, n=1)
        hint = f" (did you mean `{'.'.join([*path[:-1], close[0]])}`?)" if close else ""
        raise ConfigError(f"unknown setting `{'.'.join(path)}` in {where}{hint}")


def _unflatten(flat: Flat) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, (value, _) in flat.items():
        *parents, last = key.split(".")
        node = nested
        for name in parents:
            node = node.setdefault(name, {})
        node[last] = value
    return nested


def _describe(exc: ValidationError, flat: Flat) -> str:
    """One line per problem, joined: which key, the value, where it was set, why."""
    problems = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        reason = error["msg"].removeprefix("Value error, ")
        value, origin = flat.get(key) or _within(key, flat)
        shown = "" if key in SECRETS or key not in flat else f" = {value!r}"
        problems.append(f"setting `{key}`{shown} from {origin}: {reason}")
    return "; ".join(problems)


def _within(section: str, flat: Flat) -> tuple[Any, Origin]:
    """For a whole-section problem (e.g. `web.auth_file` unreadable), or one inside a value
    set as a whole (a table under `answer.by_embedder`): where it was set."""
    inside = [
        entry
        for key, entry in flat.items()
        if key.startswith(section + ".") or section.startswith(key + ".")
    ]
    return inside[-1] if inside else (None, DEFAULT)


def _leaves(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            rows += _leaves(value, key + ".")
        else:
            rows.append((key, value))
    return rows

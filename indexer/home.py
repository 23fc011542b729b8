"""Where a newsearch home keeps its state. One object, so every command agrees."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_HOME = "NEWSEARCH_HOME"


def default_home() -> Path:
    """``$NEWSEARCH_HOME``, else the platform's user data folder (``~/.local/share/newsearch``)."""
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("newsearch", appauthor=False))


@dataclass(frozen=True)
class Home:
    """The files of one home folder."""

    root: Path

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def records_db(self) -> Path:
        return self.root / "articles.db"

    @property
    def state_db(self) -> Path:
        return self.root / "state.db"

    @property
    def watches_db(self) -> Path:
        return self.root / "watches.db"

    @property
    def lock_file(self) -> Path:
        return self.root / "crawl.lock"

    @property
    def log_file(self) -> Path:
        return self.root / "crawl.log"

    @property
    def sites_file(self) -> Path:
        return self.root / "sites.toml"

    def ensure(self) -> "Home":
        self.root.mkdir(parents=True, exist_ok=True)
        return self

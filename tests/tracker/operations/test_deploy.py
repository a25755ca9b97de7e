"""The production recipe's files (deploy/, Containerfile, compose.yaml) pass their tools' checks
where the tools are installed, and name only settings the tracker knows."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
DEPLOY = ROOT / "deploy"
UNITS = sorted(DEPLOY.glob("*.service")) + sorted(DEPLOY.glob("*.timer"))


def known_settings() -> set[str]:
    """Every TRACKER_* name the tracker's code reads."""
    names = set()
    for path in (ROOT / "tracker").rglob("*.py"):
        names |= set(re.findall(r"TRACKER_[A-Z0-9_]+", path.read_text()))
    return names


def local_units(tmp_path: Path) -> Path:
    """The units with /opt/leerpad pointing at this checkout, so their executables exist."""
    folder = tmp_path / "units"
    folder.mkdir()
    for unit in UNITS:
        text = unit.read_text().replace("/opt/leerpad/.venv/bin/", f"{Path(sys.executable).parent}/")
        (folder / unit.name).write_text(text.replace("/opt/leerpad", str(ROOT)))
    return folder


def test_every_timer_has_its_service_and_every_service_runs_a_real_command():
    names = {unit.name for unit in UNITS}
    assert {"leerpad-tracker.service", "leerpad-forward.timer", "leerpad-retention.timer"} <= names
    for timer in DEPLOY.glob("*.timer"):
        assert timer.name.replace(".timer", ".service") in names
    commands = " ".join(unit.read_text() for unit in UNITS)
    for needed in ("forward run --drain", "retention run", "tracker:create_app()", "backup"):
        assert needed in commands
    tracker = (DEPLOY / "leerpad-tracker.service").read_text()
    for option in ("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                   "CapabilityBoundingSet=", "EnvironmentFile=/etc/leerpad/tracker.env"):
        assert option in tracker


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_units_verify(tmp_path):
    folder = local_units(tmp_path)
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *sorted(p.name for p in folder.iterdir())],
                          cwd=folder, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stderr.strip() == "", done.stderr


def self_signed(folder: Path, host: str) -> tuple[Path, Path]:
    key, cert = folder / f"{host}.key", folder / f"{host}.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    f"/CN={host}", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return key, cert


@pytest.mark.skipif(shutil.which("nginx") is None or shutil.which("openssl") is None,
                    reason="nginx (or openssl) is not installed")
def test_nginx_config_is_valid(tmp_path):
    site = (DEPLOY / "nginx.conf").read_text()
    for host in ("tracker.example.org", "leren.example.org"):
        key, cert = self_signed(tmp_path, host)
        site = site.replace(f"/etc/letsencrypt/live/{host}/fullchain.pem", str(cert))
        site = site.replace(f"/etc/letsencrypt/live/{host}/privkey.pem", str(key))
    (tmp_path / "leerpad.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        "http {\n access_log off;\n"
        + "".join(f" {kind}_temp_path {tmp_path}/{kind};\n"
                  for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        + f" include {tmp_path}/leerpad.conf;\n}}\n")
    done = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed")
def test_caddyfile_is_valid():
    done = subprocess.run(["caddy", "validate", "--adapter", "caddyfile", "--config", str(DEPLOY / "Caddyfile")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_compose_file_runs_tracker_postgresql_and_a_static_server():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "tracker", "site"} <= set(services)
    assert services["db"]["image"].split(":")[0].endswith("postgres")
    tracker = services["tracker"]
    assert (ROOT / tracker["build"]["dockerfile"]).is_file()
    assert tracker["environment"]["TRACKER_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert tracker["depends_on"]["db"]["condition"] == "service_healthy"
    assert "./site:/srv:ro" in services["site"]["volumes"]
    assert services["forwarder"]["command"][-2:] == ["forward", "run"]


def test_containerfile_installs_the_locked_dependencies_and_runs_gunicorn():
    text = (ROOT / "Containerfile").read_text()
    assert "--constraint requirements.lock" in text and "USER leerpad" in text
    for copied in re.findall(r"^COPY (.+) \S+$", text, flags=re.M):
        for name in copied.split():
            assert (ROOT / name).exists(), f"Containerfile copies {name}, which does not exist"
    assert '"tracker:create_app()"' in text


def test_the_recipe_names_only_known_settings():
    known = known_settings()
    for path in [ROOT / "compose.yaml", DEPLOY / "tracker.env.example", *UNITS]:
        used = set(re.findall(r"TRACKER_[A-Z0-9_]+", path.read_text()))
        assert used <= known, f"{path.name}: unknown settings {sorted(used - known)}"
    env = dict(line.split("=", 1) for line in (DEPLOY / "tracker.env.example").read_text().splitlines()
               if line and not line.startswith("#"))
    from tracker.config import load_settings
    load_settings(env)  # every value in the example parses


def test_the_forward_example_loads(monkeypatch):
    from tracker.forwarding.upstreams import load_upstreams
    (upstream,) = load_upstreams(DEPLOY / "forward.toml.example", environ={"SECTOR_LRS_SECRET": "s"})
    assert upstream.name == "sector" and not upstream.include_private

"""portal.cli via click's CliRunner, and one real `python build.py` process."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner
from portal_helpers import module

from portal.cli import main

ROOT_OPTS = ["--root"]


def run(project, *args):
    return CliRunner().invoke(main, ["--root", str(project), *args])


def test_check_reports_ok(sample):
    result = run(sample, "--check")
    assert result.exit_code == 0, result.output
    assert "OK: 4 modules, 2 portals (leidinggevende, pm-starter)" in result.output
    assert not (sample / "site").exists()


def test_errors_are_listed_then_exit_1_without_traceback(sample):
    module(sample, "kapot", "sumary: x\nlevel: expert")
    result = run(sample, "--check")
    assert result.exit_code == 1
    assert "content/kapot.md:5: sumary: onbekend veld; bedoel je 'summary'?" in result.output   # mkdocs.yml: nl
    assert "content/kapot.md:6: level:" in result.output
    assert "2 fout(en), 0 waarschuwing(en): er is niets gebouwd" in result.output
    assert "Traceback" not in result.output


def test_warnings_pass_unless_strict(sample):
    module(sample, "los")
    assert run(sample, "--check").exit_code == 0
    strict = run(sample, "--check", "--strict")
    assert strict.exit_code == 1
    assert "content/los.md:1: module: waarschuwing: module 'los' staat in geen enkel pad" in strict.output


def test_unknown_and_abstract_roles_are_errors(sample):
    unknown = run(sample, "--role", "pm-startr")
    assert unknown.exit_code == 1
    assert "--role: geen pad 'pm-startr'; bedoel je 'pm-starter'?" in unknown.output
    abstract = run(sample, "--role", "basis")
    assert abstract.exit_code == 1
    assert "paths/basis.yml:4: --role: 'basis' is een gedeelde basis (`abstract: true`)" in abstract.output


def test_role_builds_only_that_role_with_progress_and_summary(sample):
    result = run(sample, "--role", "leidinggevende", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "✓ leidinggevende: 5 pages" in result.output
    assert "Roles: 1 built, 0 unchanged; 5 pages built" in result.output
    assert (sample / "site/leidinggevende/index.html").is_file()
    assert not (sample / "site/pm-starter").exists()
    again = run(sample, "--role", "leidinggevende")
    assert "Nothing changed since the last build: 1 role(s) up to date (leidinggevende)" in again.output
    both = run(sample, "--jobs", "1")
    assert "= leidinggevende: unchanged, skipped" in both.output
    assert "✓ pm-starter: 7 pages" in both.output


def test_build_py_in_a_real_process(sample, repo_root):
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, str(repo_root / "build.py"), "--root", str(sample)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Roles: 2 built, 0 unchanged; 12 pages built" in result.stderr
    assert (sample / "site/index.html").is_file()
    assert (sample / "site/pm-starter/modules/observeren/index.html").is_file()


def test_malformed_root_config_is_reported(sample):
    (sample / "mkdocs.yml").write_text("site_name: [kapot\n")
    result = run(sample, "--check")
    assert result.exit_code == 1
    assert "mkdocs.yml:2: mkdocs.yml: de YAML klopt niet op of vlak voor deze regel" in result.output   # Dutch: the default


def test_without_the_theme_portals_build_with_plain_material_and_the_landing_fails(sample, tmp_path):
    import dataclasses

    from portal import pipeline
    from portal.settings import Settings

    settings = dataclasses.replace(Settings.at(sample), theme=tmp_path / "no-theme")
    report = pipeline.build(settings, jobs=1)
    assert {o.status for o in report.outcomes} == {"built"}
    assert report.failed and "landing.html: the role chooser's template is missing" in report.landing_error
    assert (settings.out / "pm-starter/modules/observeren/index.html").is_file()


def test_unwritable_output_is_a_message_not_a_traceback(sample):
    (sample / "site").write_text("a file where the output folder should be")
    result = run(sample, "--jobs", "1")
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert "Error:" in result.output and "site" in result.output


def test_build_options_before_a_command_are_an_error_not_ignored(sample):
    result = run(sample, "--strict", "--role", "pm-starter", "report")
    assert result.exit_code == 2
    assert "--role, --strict belong to the build, not to 'report'" in result.output

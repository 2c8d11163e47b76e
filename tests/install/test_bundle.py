"""The self-contained bundle as an office gets it: built by
scripts/build_bundle.sh (PyInstaller, one folder) from the wheel the
install tests share, packaged as a .deb, installed with ``apt install
./vending-station_*.deb``, and run from /opt with Python out of sight: its
version, the demo office's sale on the virtual reader with its Chinese
invoice, and the window on a real X display in Chinese.

The build's steps and the bundle's size go to test-output/bundle-build.txt.
About four minutes on an idle machine: PyInstaller's analysis and the
package's compression are most of it."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from tests.app.desktop import Desktop
from tests.install import counter
from tests.install.conftest import ROOT, sh

OPT = Path("/opt/vending-station")
TITLE = "售电站S01：登录"  # the sign-in window, in Chinese
PREBUILT = "VENDING_TEST_BUNDLE_DIST"  # a folder scripts/build_bundle.sh wrote

# The first test waits for the shared build and install too (minutes on a busy machine).
pytestmark = pytest.mark.timeout(2400)


@pytest.fixture(scope="module")
def bundle(request, tmp_path_factory) -> Path:
    if os.environ.get(PREBUILT):  # working on these tests: a bundle built already
        return Path(os.environ[PREBUILT])
    installed_wheel = request.getfixturevalue("installed_wheel")
    out = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    said = sh(["bash", str(ROOT / "scripts/build_bundle.sh"), str(out), "--wheel",
               str(installed_wheel.wheel), "--venv", str(installed_wheel.venv)],
              cwd=ROOT, timeout=1500).stdout
    report = ROOT / "test-output" / "bundle-build.txt"
    report.parent.mkdir(exist_ok=True)
    report.write_text(f"{said}built in {time.monotonic() - started:.0f} s\n")
    return out


@pytest.fixture(scope="module")
def deb(bundle) -> Path:
    """Installed as an office installs it; removed afterwards unless it was
    there before."""
    package = next(bundle.glob("vending-station_*.deb"))
    was_there = subprocess.run(["dpkg", "-s", "vending-station"], capture_output=True).returncode == 0
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    sh(["apt", "install", "-y", "-q", "-o", "DPkg::Lock::Timeout=300", f"./{package.name}"],
       cwd=bundle, env=env, timeout=900)
    yield package
    if not was_there:
        sh(["apt-get", "remove", "-y", "-q", "vending-station"], env=env, timeout=300)


def test_the_package_installs_under_opt_with_a_desktop_entry(deb):
    control = sh(["dpkg-deb", "--field", str(deb), "Depends"]).stdout
    assert control.startswith("pcscd, libpcsclite1"), control
    files = sh(["dpkg", "-L", "vending-station"]).stdout.split()
    for path in ("/opt/vending-station/vending-station", "/opt/vending-station/vending-station-cli",
                 "/usr/bin/vending-station-cli", "/usr/share/applications/vending-station.desktop",
                 "/usr/share/icons/hicolor/scalable/apps/vending-station.svg"):
        assert path in files, path
    entry = Path("/usr/share/applications/vending-station.desktop").read_text()
    assert "Exec=/opt/vending-station/vending-station\n" in entry and "Name[zh_CN]=售电系统" in entry
    assert os.access(OPT / "vending-station", os.X_OK)


def without_python(commands: str) -> str:
    """``commands`` in a mount namespace where no Python can be found: the
    standard libraries of this machine's Pythons, the libpython they load,
    their programs, the checkout and its environments are covered over."""
    hide = {sysconfig.get_path("stdlib"), *map(str, Path("/usr/lib").glob("python3*")),
            *map(str, Path("/usr/local/lib").glob("python3*")), str(ROOT)}
    hide = {d for d in hide if Path(d).is_dir()}
    files = {os.path.realpath(f) for f in (
        *Path("/usr/bin").glob("python3*"), sys.executable,
        *Path(sysconfig.get_config_var("LIBDIR")).glob("libpython3*.so*"))}
    files = {f for f in files if Path(f).is_file() and not any(
        Path(f).is_relative_to(d) for d in hide)}
    # An office's PATH: no version manager's shims or a developer's own bin.
    lines = ["set -e", "export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]
    lines += [f"mount --bind /dev/null '{f}'" for f in sorted(files)]
    lines += [f"mount -t tmpfs tmpfs '{d}'" for d in sorted(hide)]
    lines.append("if python3 -c 'import encodings' 2>/dev/null; then echo 'a Python is left' >&2; "
                 "exit 1; fi")
    return "\n".join(lines) + "\n" + commands


def test_the_installed_bundle_sells_without_python(deb, pcsc_ready, tmp_path):
    env, cli = counter.home_env(tmp_path), "vending-station-cli"
    invoice = tmp_path / "invoice.pdf"
    script = without_python(f"{cli} --version\n" + counter.script(cli, invoice))
    try:
        said = sh(["unshare", "--mount", "--propagation", "private", "bash", "-c", script],
                  env=env, cwd=tmp_path, timeout=500).stdout
    finally:
        counter.take_out_card(cli, env, tmp_path)
    assert "vending-station 0.1.0" in said and "schema: none yet" in said, said
    counter.check_sale(said, invoice)


def test_the_installed_bundles_window_starts_in_chinese(deb, tmp_path):
    home = tmp_path / "home"
    desk = Desktop(home, "bundle-window")
    env = desk.env(VENDING_PASSWORD="demo-pass", VENDING_KEY_PASSPHRASE="demo-key-passphrase")
    env.pop("PYTHONPATH", None)
    try:
        for args in (["db", "upgrade"], ["demo", "seed", "--password", "demo-pass"],
                     ["--operator", "admin", "setup", "--name", "Demo counter"]):
            sh(["vending-station-cli", *args], env=env, cwd=tmp_path, timeout=120)
        window = subprocess.Popen(["vending-station", "--language", "zh_CN"], env=env,
                                  cwd=tmp_path, start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        desk.procs.append(window)
        desk.window(TITLE, seconds=120)
        desk.shot("sign-in-zh")
    finally:
        desk.close()

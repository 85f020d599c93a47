"""The project's reverse proxy (deploy/nginx) run by Debian's nginx, for tests and benchmarks.

In production the official nginx image renders deploy/nginx/templates/**/*.template
into /etc/nginx/conf.d/ with envsubst, and its nginx.conf includes conf.d/*.conf in
its http block. Nginx below does the same in a folder of its own: the same
templates, rendered the same way (only the variables given, `$NAME` and `${NAME}`,
the others left to nginx), under a main configuration that mirrors the image's,
with chosen ports and paths. Nothing of the template is rewritten, except that
nginx older than 1.25.1 (Debian 12 has 1.22) does not know `http2 on;`, which is
then left out. Like tests/servers.py, nothing here imports Django.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from tests.servers import REPO, ServerError, free_port

NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
PROXY_DIR = REPO / "deploy" / "nginx"
TEMPLATES = PROXY_DIR / "templates"
ERROR_PAGES = PROXY_DIR / "errors"
TEMPLATE_SUFFIX = ".template"
VARIABLE = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
HTTP2_DIRECTIVE = "http2 on;"

# The official image's /etc/nginx/nginx.conf, with the paths of this folder and the
# rights of whoever runs the tests.
MAIN_CONFIGURATION = """\
{user}worker_processes auto;
daemon off;
pid {folder}/nginx.pid;
error_log stderr notice;

events {{
    worker_connections 1024;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;

    log_format main '$remote_addr - $remote_user [$time_local] "$request" '
                    '$status $body_bytes_sent "$http_referer" '
                    '"$http_user_agent" "$http_x_forwarded_for"';
    access_log {folder}/access.log main;

    sendfile on;
    keepalive_timeout 65;

    client_body_temp_path {folder}/temp/client_body;
    proxy_temp_path {folder}/temp/proxy;
    fastcgi_temp_path {folder}/temp/fastcgi;
    uwsgi_temp_path {folder}/temp/uwsgi;
    scgi_temp_path {folder}/temp/scgi;

    include conf.d/*.conf;
}}
"""


def nginx_installed():
    return os.access(NGINX, os.X_OK)


def nginx_version():
    """(1, 22, 1) for nginx/1.22.1."""
    result = subprocess.run([NGINX, "-v"], capture_output=True, text=True, check=True)
    match = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", result.stderr + result.stdout)
    if not match:
        raise ServerError(f"Cannot read nginx's version: {result.stderr}")
    return tuple(int(part) for part in match.groups())


def template_variables():
    """Every ${PROXY_...} the templates use."""
    names = set()
    for template in TEMPLATES.rglob(f"*{TEMPLATE_SUFFIX}"):
        names.update(re.findall(r"\$\{(PROXY_[A-Z0-9_]+)\}", template.read_text()))
    return names


def envsubst(text, variables):
    """What `envsubst '${A} ${B}'` does: replaces $A, ${A}... when named, leaves the rest."""

    def replace(match):
        name = match.group(1) or match.group(2)
        return variables[name] if name in variables else match.group(0)

    return VARIABLE.sub(replace, text)


def render_templates(output_dir, variables):
    """Renders every template as the image's 20-envsubst-on-templates.sh does."""
    http2_supported = nginx_version() >= (1, 25, 1)
    missing = template_variables() - set(variables)
    if missing:
        raise ServerError(f"No value for {sorted(missing)}: the templates need them.")
    for template in TEMPLATES.rglob(f"*{TEMPLATE_SUFFIX}"):
        relative = template.relative_to(TEMPLATES)
        output = Path(output_dir) / str(relative).removesuffix(TEMPLATE_SUFFIX)
        output.parent.mkdir(parents=True, exist_ok=True)
        text = envsubst(template.read_text(), variables)
        if not http2_supported and HTTP2_DIRECTIVE in text:
            text = text.replace(HTTP2_DIRECTIVE, f"# {HTTP2_DIRECTIVE} (nginx < 1.25.1)")
        output.write_text(text)


def self_signed_certificate(folder, host="localhost"):
    """(certificate, key) paths of a new self-signed certificate for `host` and 127.0.0.1."""
    folder = Path(folder)
    certificate, key = folder / "fullchain.pem", folder / "privkey.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={host}",
            "-addext",
            f"subjectAltName=DNS:{host},IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
    )
    return certificate, key


class Nginx:
    """nginx in front of gunicorn at 127.0.0.1:<upstream_port>, with the project's configuration.

    Listens on 127.0.0.1 only: the template's `listen <port>` is given "127.0.0.1:<port>".
    With `tls=True` it serves HTTPS (certificate and key required) and HTTP redirects.
    """

    def __init__(
        self,
        upstream_port,
        static_root,
        media_root,
        admin_path="admin",
        tls=False,
        certificate=None,
        certificate_key=None,
        acme_root=None,
        folder=None,
    ):
        self.folder = Path(folder or tempfile.mkdtemp(prefix="smart-nginx-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.http_port = free_port()
        self.https_port = free_port()
        self.acme_root = Path(acme_root or self.folder / "acme")
        self.variables = {
            "PROXY_UPSTREAM": f"127.0.0.1:{upstream_port}",
            "PROXY_HTTP_PORT": f"127.0.0.1:{self.http_port}",
            "PROXY_HTTPS_PORT": f"127.0.0.1:{self.https_port}",
            "PROXY_TLS": "on" if tls else "off",
            "PROXY_TLS_CERTIFICATE": str(certificate or self.folder / "no-certificate.pem"),
            "PROXY_TLS_CERTIFICATE_KEY": str(certificate_key or self.folder / "no-key.pem"),
            "PROXY_ACME_ROOT": str(self.acme_root),
            "PROXY_STATIC_ROOT": str(static_root),
            "PROXY_MEDIA_ROOT": str(media_root),
            "PROXY_ERROR_PAGES": str(ERROR_PAGES),
            "PROXY_ADMIN_PATH": admin_path.strip("/"),
        }
        self.log_path = self.folder / "nginx.log"
        self.process = None
        self._log = None

    @property
    def port(self):
        return self.http_port

    @property
    def url(self):
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def https_url(self):
        return f"https://127.0.0.1:{self.https_port}"

    def write_configuration(self):
        """The main configuration and the rendered templates; returns the main file."""
        for temp in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.folder / "temp" / temp).mkdir(parents=True, exist_ok=True)
        self.acme_root.mkdir(parents=True, exist_ok=True)
        conf_d = self.folder / "conf.d"
        shutil.rmtree(conf_d, ignore_errors=True)
        render_templates(conf_d, self.variables)
        # As root, nginx's workers would become "nobody", who cannot read pytest's
        # private temporary folders.
        user = "user root;\n" if os.geteuid() == 0 else ""
        main = self.folder / "nginx.conf"
        main.write_text(MAIN_CONFIGURATION.format(user=user, folder=self.folder))
        return main

    def command(self, *arguments):
        main = self.write_configuration()
        return [NGINX, "-p", str(self.folder), "-c", str(main), "-e", "stderr", *arguments]

    def check_configuration(self):
        """`nginx -t` on the rendered configuration; returns its output, raises if refused."""
        result = subprocess.run(self.command("-t"), capture_output=True, text=True, timeout=30)
        if result.returncode != 0:
            raise ServerError(f"nginx -t refused the configuration:\n{result.stderr}")
        return result.stderr

    def start(self, timeout=15):
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            self.command(),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        tls = self.variables["PROXY_TLS"] == "on"
        ports = [self.http_port, self.https_port] if tls else [self.http_port]
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(f"nginx exited ({self.process.returncode}):\n{self.log()}")
            if all(port_open(port) for port in ports):
                return self
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"nginx did not listen within {timeout} s:\n{self.log()}")

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            # SIGTERM: fast shutdown, connections closed at once.
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)
        self.process = None
        if self._log:
            self._log.close()
            self._log = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def log(self, last_chars=5000):
        """What nginx wrote: its errors and the template's access log (stdout)."""
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return text if last_chars is None else text[-last_chars:]

    def resent_requests(self):
        """Requests nginx sent a second time (its log names two upstream addresses)."""
        return len(re.findall(r" upstream=[^ ,]+, ", self.log(None)))


def port_open(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0

# Shared by scripts/serve and scripts/test: find Python >= 3.12 and keep .venv installed.

kz_python_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

kz_find_python() {
    local candidates=()
    [ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
    if command -v pyenv >/dev/null 2>&1; then
        local root
        root=$(pyenv root 2>/dev/null) || root=""
        # The version pinned in .python-version first, then any other installed 3.12+.
        if [ -n "$root" ]; then
            local pinned
            pinned=$(head -n 1 .python-version 2>/dev/null || true)
            for dir in "$root"/versions/"$pinned"* "$root"/versions/3.1[2-9]* "$root"/versions/3.[2-9][0-9]*; do
                [ -x "$dir/bin/python" ] && candidates+=("$dir/bin/python")
            done
        fi
    fi
    candidates+=(python3.14 python3.13 python3.12 python3 python)
    local candidate
    for candidate in "${candidates[@]}"; do
        if command -v "$candidate" >/dev/null 2>&1 && kz_python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

kz_ensure_venv() {
    # Usage: kz_ensure_venv requirements.txt [more requirement files...]
    if [ ! -x .venv/bin/python ] || ! kz_python_ok .venv/bin/python; then
        local python
        if ! python=$(kz_find_python); then
            echo "kzpress needs Python 3.12 or newer (Django 6), and none was found." >&2
            echo "Install one (e.g. 'pyenv install 3.13' or your system's python3.13 package)," >&2
            echo "or point PYTHON at it: PYTHON=/path/to/python3.13 $0" >&2
            exit 1
        fi
        echo "Creating .venv with $python ($("$python" --version 2>&1))"
        rm -rf .venv
        "$python" -m venv .venv
    fi
    local stamp=".venv/.installed-$(cat "$@" | sha256sum | cut -c1-16)"
    if [ ! -f "$stamp" ]; then
        local args=()
        for file in "$@"; do args+=(-r "$file"); done
        .venv/bin/python -m pip install --quiet --disable-pip-version-check "${args[@]}"
        rm -f .venv/.installed-*
        touch "$stamp"
    fi
}

kz_env_file() {
    echo "${KZPRESS_ENV_FILE:-.env}"
}

kz_write_env() {
    # Usage: kz_write_env ADDRESS — write this machine's .env once (ignored by git; KZPRESS_ENV_FILE names another
    # file): a generated SECRET_KEY (the one an older serve kept in var/secret-key, if any), DEBUG off as the
    # served site runs, the address's host allowed, plain HTTP (no redirect to HTTPS, cookies not marked Secure,
    # no HSTS), a one-person desk, and DATABASE_URL when one is set. Settings read it (kzpress/settings.py), so every
    # manage.py command works as the README writes it; the environment wins over it. An existing file is kept.
    local file host key
    file=$(kz_env_file)
    host="${1%:*}"
    [ -s "$file" ] && return 0
    if [ -s var/secret-key ]; then
        key=$(cat var/secret-key)
    else
        key=$(od -An -vtx1 -N48 /dev/urandom | tr -d ' \n')
    fi
    (
        umask 077
        {
            echo "# This machine's kzpress settings, written by ./scripts/serve (not in git). Production sets its own"
            echo "# environment instead, with a secret of its own and DEBUG off. The environment wins over this file."
            echo "SECRET_KEY=$key"
            echo "DEBUG=0"
            echo "ALLOWED_HOSTS=localhost,127.0.0.1,[::1],$host"
            echo "SECURE_SSL_REDIRECT=0"
            echo "SECURE_HSTS_SECONDS=0"
            echo "SESSION_COOKIE_SECURE=0"
            echo "CSRF_COOKIE_SECURE=0"
            echo "KZPRESS_FOUR_EYES=0"
            [ -z "${DATABASE_URL:-}" ] || echo "DATABASE_URL=$DATABASE_URL"
        } > "$file"
    )
    rm -f var/secret-key
    echo "Wrote $file (this machine's settings; manage.py reads it)"
}

kz_local_env() {
    # Usage: kz_local_env ADDRESS — the environment of the local server: .env written once (kz_write_env), and the
    # address's host allowed even when the address changed since. Values already in the environment win.
    local host="${1%:*}"
    kz_write_env "$1"
    export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1,[::1],$host}"
}

kz_check_address() {
    # Usage: kz_check_address ADDRESS — exit with one line when nothing can listen there (before any work).
    .venv/bin/python - "$1" <<'PY'
import socket
import sys

address = sys.argv[1]
host, _, port = address.rpartition(":")
host = host.strip("[]") or "127.0.0.1"
try:
    port = int(port)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds: TIME_WAIT is no obstacle
        probe.bind((host, port))
        probe.listen()
except ValueError:
    sys.exit(f"KZPRESS_ADDR={address} is not an address: write HOST:PORT, e.g. KZPRESS_ADDR=127.0.0.1:8001")
except OSError as error:
    sys.exit(f"{address} is not free ({error.strerror}): stop what listens there, or serve elsewhere with "
             f"KZPRESS_ADDR=127.0.0.1:8001 ./scripts/serve")
PY
}

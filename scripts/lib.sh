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

kz_local_env() {
    # Usage: kz_local_env ADDRESS — the environment of a local server without Django's debug pages (DEBUG off):
    # a secret key generated once and kept in var/secret-key (unless SECRET_KEY is set), the address's host
    # allowed, and plain HTTP (no redirect to HTTPS, cookies not marked Secure, no HSTS). Values already in the
    # environment win.
    local host="${1%:*}"
    if [ -z "${SECRET_KEY:-}" ]; then
        mkdir -p var
        if [ ! -s var/secret-key ]; then
            (umask 077 && od -An -vtx1 -N48 /dev/urandom | tr -d ' \n' > var/secret-key)
        fi
        SECRET_KEY=$(cat var/secret-key)
        export SECRET_KEY
    fi
    export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1,[::1],$host}"
    export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}" SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
    export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-0}" CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-0}"
}

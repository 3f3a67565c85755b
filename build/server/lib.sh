# shellcheck shell=bash
# Shared by backup.sh and restore.sh (sourced, not run): reading the environment file, finding
# the server's Python and the PostgreSQL tools, and the server's own view of its settings.
#
# Variables the scripts read besides the ZT_* settings (all optional):
#   ZT_PYTHON   the server's Python (default /opt/zhengtong-server/venv/bin/python, else python3)
#   ZT_PG_BIN   folder holding pg_dump, pg_restore and psql (default: found on PATH)

DEFAULT_ENV_FILE=/etc/zhengtong/server.env
SERVICE=zhengtong-server

die() {
	printf '错误：%s\n' "$*" >&2
	exit 1
}

say() {
	printf '%s\n' "$*"
}

# load_env FILE: export its KEY=VALUE lines, as systemd's EnvironmentFile= reads them. Parsed,
# not sourced: the file is configuration and must not run commands.
load_env() {
	local file=$1 line key value n=0
	[ -r "$file" ] || die "无法读取环境文件 $file"
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		line=${line#"${line%%[![:space:]]*}"}
		case $line in '' | '#'* | ';'*) continue ;; esac
		line=${line#export }
		key=${line%%=*}
		value=${line#*=}
		[[ $line == *=* && $key =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] ||
			die "环境文件 $file 第 $n 行格式不正确（应为 名称=值）"
		if [[ $value =~ ^\"(.*)\"$ || $value =~ ^\'(.*)\'$ ]]; then
			value=${BASH_REMATCH[1]}
		fi
		export "$key=$value"
	done <"$file"
}

# use_env FILE|"": the given file, else the system one when present, else the current environment.
use_env() {
	if [ -n "$1" ]; then
		load_env "$1"
	elif [ -e "$DEFAULT_ENV_FILE" ]; then
		load_env "$DEFAULT_ENV_FILE"
	fi
}

find_python() {
	if [ -n "${ZT_PYTHON:-}" ]; then
		PY=$ZT_PYTHON
	elif [ -x /opt/zhengtong-server/venv/bin/python ]; then
		PY=/opt/zhengtong-server/venv/bin/python
	else
		PY=python3
	fi
	"$PY" -c 'import server.config' 2>/dev/null ||
		die "找不到政通办公服务器的 Python 环境（$PY），请设置 ZT_PYTHON"
}

pg_tool() {
	local name=$1
	if [ -n "${ZT_PG_BIN:-}" ]; then
		printf '%s/%s' "$ZT_PG_BIN" "$name"
	elif command -v "$name" >/dev/null; then
		command -v "$name"
	else
		die "找不到 $name，请安装 postgresql-client 或设置 ZT_PG_BIN"
	fi
}

# read_settings: DATA_DIR, DB_KIND, DB_FILE (SQLite) from the server's own Settings, and for
# PostgreSQL the PG* variables libpq reads — so the password never appears on a command line.
read_settings() {
	local out
	out=$(
		"$PY" - <<'EOF'
import sys
from sqlalchemy.engine import make_url
from app.errors import UserError
from server.config import Settings

try:
    s = Settings.from_env()
except UserError as exc:
    sys.exit(f"错误：{exc}")
url = make_url(s.database_url)
print(f"DATA_DIR={s.data_dir}")
print(f"DB_KIND={s.db_kind}")
if s.db_kind == "sqlite":
    print(f"DB_FILE={url.database}")
else:
    q = url.query
    pairs = {
        "PGHOST": q.get("host") or url.host,
        "PGPORT": url.port,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
        "PGSSLMODE": q.get("sslmode"),
    }
    for key, value in pairs.items():
        if value is not None:
            print(f"{key}={value}")
EOF
	) || exit 1
	while IFS= read -r line; do
		case ${line%%=*} in
		DATA_DIR | DB_KIND | DB_FILE) printf -v "${line%%=*}" '%s' "${line#*=}" ;;
		PG*) export "${line?}" ;;
		esac
	done <<<"$out"
}

# psql_value SQL: one value from the server's database (PostgreSQL).
psql_value() {
	"$(pg_tool psql)" -X -q -A -t -v ON_ERROR_STOP=1 -c "$1"
}

service_running() {
	command -v systemctl >/dev/null && systemctl is-active --quiet "$SERVICE" 2>/dev/null
}

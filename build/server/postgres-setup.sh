#!/usr/bin/env bash
# 为政通办公服务器创建 PostgreSQL 角色与数据库（UTF8 编码，归该角色所有）。可重复运行。
# Create the server's PostgreSQL role and database (UTF8, owned by the role). Idempotent: run
# again, it changes nothing (or only the password, when one is given).
#
# 用法 / usage:  postgres-setup.sh [--role zhengtong] [--database zhengtong] [--locale C.UTF-8]
#                                  [--password-stdin]
#   以 root 运行时经 postgres 系统账户连接本机数据库；设置了 PGHOST 等变量时直接用 psql 连接。
#   未给 --password-stdin 时新角色得到随机密码；最后打印应写入 server.env 的 ZT_DATABASE_URL。
#   密码只允许字母、数字与 ._~-（可直接写进 URL）。
set -euo pipefail

role=zhengtong
database=zhengtong
locale=C.UTF-8
password=""
die() {
	printf '错误：%s\n' "$*" >&2
	exit 1
}
while [ $# -gt 0 ]; do
	case $1 in
	--role) role=${2:?} && shift 2 ;;
	--database) database=${2:?} && shift 2 ;;
	--locale) locale=${2:?} && shift 2 ;;
	--password-stdin) IFS= read -r password && shift ;;
	-h | --help) sed -n '2,10p' "$0" && exit 0 ;;
	*) die "未知参数：$1" ;;
	esac
done
name='^[a-z_][a-z0-9_]{0,62}$'
[[ $role =~ $name ]] || die "角色名只能用小写字母、数字和下划线：$role"
[[ $database =~ $name ]] || die "数据库名只能用小写字母、数字和下划线：$database"
[[ $locale =~ ^[A-Za-z0-9_.@-]+$ ]] || die "区域设置格式不正确：$locale"
if [ -n "$password" ]; then
	[[ $password =~ ^[A-Za-z0-9._~-]{12,}$ ]] ||
		die "密码至少 12 位，只能用字母、数字与 ._~-"
fi

psql_cmd=(psql -X -q -A -t -v ON_ERROR_STOP=1 -d postgres)
if [ -z "${PGHOST:-}" ] && [ "$(id -u)" = 0 ]; then
	psql_cmd=(runuser -u postgres -- "${psql_cmd[@]}")
fi
run_sql() { "${psql_cmd[@]}" "$@"; }

exists=$(run_sql -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'") ||
	die "无法连接 PostgreSQL（以 root 运行，或设置 PGHOST/PGUSER 指向超级用户）"
if [ -z "$exists" ]; then
	password=${password:-$(head -c 18 /dev/urandom | base64 | tr '+/' '._')}
	run_sql -c "CREATE ROLE $role LOGIN PASSWORD '$password'" >/dev/null
	echo "已创建角色 $role"
elif [ -n "$password" ]; then
	run_sql -c "ALTER ROLE $role PASSWORD '$password'" >/dev/null
	echo "已更新角色 $role 的密码"
else
	echo "角色 $role 已存在（密码未改）"
fi

encoding=$(run_sql -c "SELECT pg_encoding_to_char(encoding) FROM pg_database WHERE datname = '$database'")
if [ -z "$encoding" ]; then
	# template0: the cluster's template1 may carry another encoding or extra objects.
	run_sql -c "CREATE DATABASE $database OWNER $role ENCODING 'UTF8' TEMPLATE template0
		LC_COLLATE '$locale' LC_CTYPE '$locale'" >/dev/null
	echo "已创建数据库 $database（UTF8，所有者 $role）"
else
	[ "$encoding" = UTF8 ] || die "数据库 $database 已存在，但编码是 $encoding 而不是 UTF8"
	run_sql -c "ALTER DATABASE $database OWNER TO $role" >/dev/null
	echo "数据库 $database 已存在（UTF8），所有者设为 $role"
fi
# Only the server's role connects; other roles of the cluster see nothing.
run_sql -c "REVOKE ALL ON DATABASE $database FROM PUBLIC" >/dev/null
run_sql -c "GRANT ALL ON DATABASE $database TO $role" >/dev/null

host=${PGHOST:-127.0.0.1}
[[ $host == /* ]] && host=127.0.0.1
echo "请在 /etc/zhengtong/server.env 中设置："
echo "ZT_DATABASE_URL=postgresql+psycopg://$role:${password:-<原密码>}@$host:${PGPORT:-5432}/$database"

#!/usr/bin/env bash
# 政通办公服务器备份：数据库（PostgreSQL 用 pg_dump -Fc，SQLite 用在线备份）+ 附件库 + 清单。
# ZhengTong server backup: the database, the attachment store and a manifest with sha256 sums,
# into a new dated folder (never overwriting one). Safe while the server runs.
#
# 用法 / usage:  backup.sh [--env 环境文件] [--dest 备份根目录]
#   --env   默认 /etc/zhengtong/server.env（不存在时用当前环境变量）
#   --dest  默认 $ZT_BACKUP_DIR，否则 /var/backups/zhengtong
# 建议以服务账户运行：sudo -u zhengtong /opt/zhengtong-server/build/server/backup.sh
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=build/server/lib.sh
. "$HERE/lib.sh"

env_file=""
dest=${ZT_BACKUP_DIR:-/var/backups/zhengtong}
while [ $# -gt 0 ]; do
	case $1 in
	--env) env_file=${2:?--env 需要文件路径} && shift 2 ;;
	--dest) dest=${2:?--dest 需要目录} && shift 2 ;;
	-h | --help) sed -n '2,9p' "$0" && exit 0 ;;
	*) die "未知参数：$1（用法：backup.sh [--env 文件] [--dest 目录]）" ;;
	esac
done

use_env "$env_file"
find_python
read_settings
umask 077 # the dump holds every account's data and the token-signing key

target="$dest/zhengtong-$(date +%Y%m%d-%H%M%S)"
[ -e "$target" ] && die "备份目录已存在，拒绝覆盖：$target"
mkdir -p "$dest"
# Written under a temporary name and renamed when complete: a folder with the final name is
# always a whole backup.
work="$target.partial"
mkdir "$work" || die "无法创建 $work（已有同名备份正在进行？）"
trap 'rm -rf "$work"' EXIT

# The database first, the attachments after: every file a dumped record names was committed
# before that record, so it is in the archive (extra files are harmless).
if [ "$DB_KIND" = postgresql ]; then
	say "正在导出 PostgreSQL 数据库 $PGDATABASE ..."
	"$(pg_tool pg_dump)" -Fc -f "$work/database.pgdump" ||
		die "pg_dump 失败：数据库未备份"
	revision=$(psql_value "SELECT version_num FROM alembic_version") ||
		die "无法读取数据库版本（数据库尚未初始化？）"
	db_name=database.pgdump
else
	[ -f "$DB_FILE" ] || die "数据库文件不存在：$DB_FILE"
	say "正在备份 SQLite 数据库 $DB_FILE ..."
	# SQLite's online backup: a consistent copy while the server keeps writing (WAL).
	revision=$(
		"$PY" - "$DB_FILE" "$work/database.sqlite3" <<'EOF'
import sqlite3, sys
src = sqlite3.connect(sys.argv[1], timeout=60)
dst = sqlite3.connect(sys.argv[2])
with dst:
    src.backup(dst)
row = dst.execute("SELECT version_num FROM alembic_version").fetchone()
dst.close()
src.close()
print(row[0])
EOF
	) || die "SQLite 备份失败：数据库未备份"
	db_name=database.sqlite3
fi

say "正在打包附件库 ..."
members=()
for name in blobs secret; do
	[ -e "$DATA_DIR/$name" ] && members+=("$name")
done
# Half-written files (*.tmp, .incoming-*) are left out: they are not committed attachments.
if [ ${#members[@]} -eq 0 ]; then
	tar -cf "$work/attachments.tar" --files-from /dev/null # a server with no attachments yet
else
	tar -C "$DATA_DIR" --exclude='.*' -cf "$work/attachments.tar" "${members[@]}" ||
		die "附件库打包失败：$DATA_DIR"
fi

version=$("$PY" -c 'import app; print(app.__version__)')
{
	say "format: zhengtong-backup 1"
	say "created: $(date --iso-8601=seconds)"
	say "host: $(hostname)"
	say "server_version: $version"
	say "database: $DB_KIND"
	say "alembic_revision: $revision"
	for file in "$db_name" attachments.tar; do
		say "sha256 $(sha256sum "$work/$file" | cut -d' ' -f1) $file"
	done
} >"$work/manifest.txt"

mv "$work" "$target"
trap - EXIT
say "备份完成：$target（数据库版本 $revision）"

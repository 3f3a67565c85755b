#!/usr/bin/env bash
# 政通办公服务器恢复：校验备份清单，恢复数据库与附件库，开启新纪元，再运行自检。
# ZhengTong server restore: verify the manifest's sha256 sums, restore the database and the
# attachment store, start a new epoch (clients then resync and re-send what the backup lacks,
# specs/sync.md fault 12), migrate if the backup is older, and run `python -m server check`.
#
# 用法 / usage:  restore.sh [--env 环境文件] [--force] 备份目录
#   --force  目标数据库或附件库非空时仍然恢复（先清空数据库）
# 先停止服务：systemctl stop zhengtong-server；PostgreSQL 须已有空数据库（postgres-setup.sh）。
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=build/server/lib.sh
. "$HERE/lib.sh"

env_file=""
force=0
src=""
while [ $# -gt 0 ]; do
	case $1 in
	--env) env_file=${2:?--env 需要文件路径} && shift 2 ;;
	--force) force=1 && shift ;;
	-h | --help) sed -n '2,9p' "$0" && exit 0 ;;
	-*) die "未知参数：$1" ;;
	*)
		[ -z "$src" ] || die "只能指定一个备份目录"
		src=$1
		shift
		;;
	esac
done
[ -n "$src" ] || die "请指定备份目录（用法：restore.sh [--env 文件] [--force] 备份目录）"
[ -f "$src/manifest.txt" ] || die "$src 中没有 manifest.txt，不是政通办公的备份"

manifest() { sed -n "s/^$1: //p" "$src/manifest.txt" | head -n 1; }

[ "$(manifest format)" = "zhengtong-backup 1" ] || die "无法识别的备份格式：$src/manifest.txt"
say "正在校验备份文件 ..."
checked=0
while read -r _ sum file; do
	[[ $file =~ ^[A-Za-z0-9._-]+$ && -f "$src/$file" ]] || die "备份不完整：缺少 $file"
	[ "$(sha256sum "$src/$file" | cut -d' ' -f1)" = "$sum" ] ||
		die "备份文件已损坏（校验值不符）：$src/$file"
	checked=$((checked + 1))
done < <(grep '^sha256 ' "$src/manifest.txt")
[ "$checked" -ge 2 ] || die "备份清单不完整：$src/manifest.txt"

use_env "$env_file"
find_python
read_settings
backup_kind=$(manifest database)
[ "$backup_kind" = "$DB_KIND" ] ||
	die "备份来自 $backup_kind 数据库，而当前配置为 $DB_KIND，不能直接恢复"
service_running && die "服务 $SERVICE 正在运行，请先停止：systemctl stop $SERVICE"

# --- is the target empty? ----------------------------------------------------------------------
if [ "$DB_KIND" = postgresql ]; then
	tables=$(psql_value "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") ||
		die "无法连接数据库 $PGDATABASE：请确认 PostgreSQL 已启动且数据库已创建（postgres-setup.sh）"
else
	tables=0
	if [ -s "$DB_FILE" ]; then
		tables=$(
			"$PY" - "$DB_FILE" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0])
EOF
		) || die "无法读取现有数据库文件 $DB_FILE"
	fi
fi
blobs=0
[ -d "$DATA_DIR/blobs" ] && blobs=$(find "$DATA_DIR/blobs" -type f | wc -l)
if [ "$tables" -gt 0 ] || [ "$blobs" -gt 0 ]; then
	[ "$force" = 1 ] || die "目标不是空的（数据库 $tables 个表，附件库 $blobs 个文件）。" \
		"确认要用备份覆盖现有数据时，加 --force 重新运行"
	say "注意：目标非空，按 --force 覆盖"
fi

# --- database ----------------------------------------------------------------------------------
say "正在恢复数据库（备份时版本 $(manifest alembic_revision)，时间 $(manifest created)）..."
if [ "$DB_KIND" = postgresql ]; then
	# Everything in the schema goes first (also tables a newer version added), so the restored
	# database is exactly the backup; then one transaction: a failed restore leaves it empty.
	"$(pg_tool psql)" -X -q -v ON_ERROR_STOP=1 <<'EOF' || die "无法清空目标数据库"
DO $$
DECLARE r record;
BEGIN
    FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('DROP TABLE IF EXISTS public.%I CASCADE', r.tablename);
    END LOOP;
    FOR r IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
        EXECUTE format('DROP SEQUENCE IF EXISTS public.%I CASCADE', r.sequencename);
    END LOOP;
END $$;
EOF
	"$(pg_tool pg_restore)" --no-owner --no-acl --exit-on-error --single-transaction \
		-d "$PGDATABASE" "$src/database.pgdump" || die "pg_restore 失败：数据库未恢复"
else
	mkdir -p "$(dirname "$DB_FILE")"
	cp "$src/database.sqlite3" "$DB_FILE.restoring"
	rm -f "$DB_FILE-wal" "$DB_FILE-shm" # the old file's journal must not be replayed onto it
	mv "$DB_FILE.restoring" "$DB_FILE"
fi

# --- attachments (and the token-signing key) ---------------------------------------------------
say "正在恢复附件库到 $DATA_DIR ..."
mkdir -p "$DATA_DIR"
# Attachments are named by their sha256: a file already there holds the same bytes.
tar -C "$DATA_DIR" --no-same-owner -xf "$src/attachments.tar" || die "附件库解包失败"
if [ "$(id -u)" = 0 ]; then
	# Run as root: give the files to the account that owns the data folder (the service's).
	chown -R --reference="$DATA_DIR" "$DATA_DIR"
fi

# --- after ---------------------------------------------------------------------------------------
"$PY" -m server init || die "数据库升级失败"
epoch=$("$PY" -m server admin new-epoch) || die "无法开启新纪元"
say "已开启新纪元 $epoch：客户端下次同步时将重新同步，并补传备份之后的更改"
"$PY" -m server check || die "恢复已完成，但自检未通过：请按上面的提示处理后再启动服务"
say "恢复完成。请启动服务：systemctl start $SERVICE"

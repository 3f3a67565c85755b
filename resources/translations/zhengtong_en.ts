<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutPage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="305"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="307"/>
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="347"/>
        <source>版本：</source>
        <translation>Version:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="348"/>
        <source>服务器发布的最新版本：</source>
        <translation>Latest version from server:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="349"/>
        <source>下载地址：</source>
        <translation>Download:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="350"/>
        <source>要求的最低版本：</source>
        <translation>Minimum required version:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="353"/>
        <source>运行环境：</source>
        <translation>Runtime:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="354"/>
        <source>操作系统：</source>
        <translation>Operating system:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="355"/>
        <source>配置文件夹：</source>
        <translation>Profile folder:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="356"/>
        <source>数据库：</source>
        <translation>Database:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="358"/>
        <source>打开配置文件夹</source>
        <translation>Open profile folder</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="388"/>
        <source>服务器尚未发布</source>
        <translation>Not announced by the server</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="393"/>
        <source>无（请向本单位信息化管理员索取安装包）</source>
        <translation>None (ask your IT administrator for the installer)</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="398"/>
        <source>当前版本低于服务器要求，升级到 {version} 或更高版本后才能同步。</source>
        <translation>This version is older than the server requires: upgrade to {version} or later to sync.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="405"/>
        <source>有新版本 {version} 可下载。</source>
        <translation>Version {version} is available for download.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="409"/>
        <source>已是最新版本。</source>
        <translation>You have the latest version.</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../ui/action_dialog.py" line="148"/>
        <source>{action} — 政通办公</source>
        <translation>{action} — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="154"/>
        <source>插入常用意见…</source>
        <translation>Insert a saved phrase…</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="158"/>
        <source>填写办理意见（可不填）</source>
        <translation>Your opinion (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="160"/>
        <source>常用意见：</source>
        <translation>Saved phrases:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="161"/>
        <source>意见：</source>
        <translation>Opinion:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="172"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="196"/>
        <source>请阅知</source>
        <translation>For your information</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="197"/>
        <source>传阅目的：</source>
        <translation>Purpose:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="201"/>
        <source>设定办理时限</source>
        <translation>Set a deadline</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="212"/>
        <source>请说明理由（必填）</source>
        <translation>Give the reason (required)</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="214"/>
        <source>理由：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="218"/>
        <source>答复来文单位的内容（必填）</source>
        <translation>Reply to the sending unit (required)</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="220"/>
        <source>答复内容：</source>
        <translation>Reply:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="225"/>
        <source>保管期限：</source>
        <translation>Retention:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="231"/>
        <source>承办人：
（第一位主办，其余协办）</source>
        <translation>Handlers:
(first leads, others assist)</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="233"/>
        <source>传阅人员：</source>
        <translation>Readers:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="234"/>
        <source>下一步办理人：</source>
        <translation>Next handler:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="255"/>
        <source>请说明传阅目的</source>
        <translation>State the purpose of circulation</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="256"/>
        <source>{action}须填写理由</source>
        <translation>{action} needs a reason</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="257"/>
        <source>答复内容不能为空</source>
        <translation>The reply cannot be empty</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="283"/>
        <source>请选择承办人</source>
        <translation>Choose a handler</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="285"/>
        <source>请选择传阅人员</source>
        <translation>Choose the readers</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="287"/>
        <source>请选择下一步办理人</source>
        <translation>Choose the next handler</translation>
    </message>
</context>
<context>
    <name>AddressBookView</name>
    <message>
        <location filename="../../ui/addressbook.py" line="83"/>
        <location filename="../../ui/addressbook.py" line="298"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="88"/>
        <source>搜索姓名、拼音首字母（如 zhs）或电话</source>
        <translation>Search by name, pinyin initials (e.g. zhs) or phone</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="90"/>
        <source>搜索人员</source>
        <translation>Search people</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="97"/>
        <source>没有找到匹配的人员</source>
        <translation>No matching people</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="209"/>
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="244"/>
        <source>机关代字：{code}</source>
        <translation>Issuing code: {code}</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="267"/>
        <source>共 {n} 人</source>
        <translation>{n} people</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="274"/>
        <source>读取失败：{msg}</source>
        <translation>Could not load: {msg}</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="288"/>
        <source>选择一位人员查看详细信息</source>
        <translation>Select a person to see the details</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="299"/>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="300"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="301"/>
        <source>角色</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="307"/>
        <source>：</source>
        <translation>: </translation>
    </message>
</context>
<context>
    <name>AdminDialog</name>
    <message>
        <location filename="../../ui/admin.py" line="384"/>
        <source>系统管理 — 政通办公</source>
        <translation>System administration — ZhengTong Office</translation>
    </message>
</context>
<context>
    <name>AdminView</name>
    <message>
        <location filename="../../ui/admin.py" line="96"/>
        <source>系统管理直接修改服务器上的数据，需要连接服务器。</source>
        <translation>System administration changes data on the server directly and needs a connection to it.</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="100"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="101"/>
        <source>人员与角色</source>
        <translation>People and roles</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="102"/>
        <source>设备</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="130"/>
        <source>机关的发文代字，如 塔政办</source>
        <translation>Document prefix of an agency, e.g. 塔政办</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="132"/>
        <source>新建单位</source>
        <translation>Create unit</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="135"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="136"/>
        <source>上级单位</source>
        <translation>Parent unit</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="137"/>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="138"/>
        <source>类型</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="139"/>
        <source>发文代字</source>
        <translation>Document prefix</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="140"/>
        <source>简称</source>
        <translation>Short name</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="146"/>
        <location filename="../../ui/admin.py" line="154"/>
        <source>新建人员</source>
        <translation>Create person</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="157"/>
        <source>所属单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="158"/>
        <location filename="../../ui/admin.py" line="194"/>
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="159"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="160"/>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="161"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="162"/>
        <source>初始密码</source>
        <translation>Initial password</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="163"/>
        <location filename="../../ui/admin.py" line="180"/>
        <source>角色</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="166"/>
        <source>现有人员</source>
        <translation>Existing people</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="170"/>
        <source>保存角色</source>
        <translation>Save roles</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="173"/>
        <source>重置密码</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="179"/>
        <location filename="../../ui/admin.py" line="193"/>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="182"/>
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="195"/>
        <source>设备名称</source>
        <translation>Device name</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="196"/>
        <source>首次登录</source>
        <translation>First login</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="197"/>
        <source>最近连接</source>
        <translation>Last seen</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="198"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="206"/>
        <source>已吊销</source>
        <translation>Revoked</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="206"/>
        <source>正常</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="212"/>
        <source>刷新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="214"/>
        <source>吊销设备</source>
        <translation>Revoke device</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="215"/>
        <source>该设备需重新登录才能再同步</source>
        <translation>The device must log in again before it can sync</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="253"/>
        <source>（无，顶级单位）</source>
        <translation>(none: top-level unit)</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="302"/>
        <source>已新建单位：{name}</source>
        <translation>Unit created: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="323"/>
        <source>已新建人员：{name}</source>
        <translation>Person created: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="335"/>
        <source>已保存{name}的角色</source>
        <translation>Roles of {name} saved</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="349"/>
        <source>已重置{name}的密码</source>
        <translation>Password of {name} reset</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="366"/>
        <source>请先选择要吊销的设备</source>
        <translation>Select the device to revoke first</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="373"/>
        <source>已吊销设备：{name}</source>
        <translation>Device revoked: {name}</translation>
    </message>
</context>
<context>
    <name>AppStatusBar</name>
    <message>
        <location filename="../../ui/statusbar.py" line="100"/>
        <source>查看同步冲突与被拒绝的更改</source>
        <translation>Show sync conflicts and rejected changes</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="105"/>
        <source>重新登录</source>
        <translation>Log in again</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="116"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="117"/>
        <location filename="../../ui/statusbar.py" line="151"/>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="151"/>
        <location filename="../../ui/statusbar.py" line="158"/>
        <source>尚未配置服务器</source>
        <translation>No server configured</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="168"/>
        <source>无法连接服务器：</source>
        <translation>Cannot reach the server: </translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="173"/>
        <source>登录已失效</source>
        <translation>Login expired</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="176"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="176"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="183"/>
        <source>从未同步</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="184"/>
        <source>上次同步：</source>
        <translation>Last sync: </translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="185"/>
        <source>待同步：</source>
        <translation>Pending: </translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="191"/>
        <source>冲突 {count}</source>
        <translation>Conflicts {count}</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="193"/>
        <source>{conflicts} 处冲突，{rejected} 条被拒绝的更改：点击查看</source>
        <translation>{conflicts} conflicts, {rejected} rejected changes: click to review</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="216"/>
        <source>需升级后才能同步</source>
        <translation>Upgrade required to sync</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="218"/>
        <source>当前版本 {current} 低于服务器要求的 {minimum}，请升级到 {version}</source>
        <translation>Version {current} is older than the {minimum} the server requires; please upgrade to {version}</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="221"/>
        <source>有新版本 {version}</source>
        <translation>New version {version}</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="222"/>
        <source>当前版本 {current}，可升级到 {version}</source>
        <translation>Version {current}; {version} is available</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="229"/>
        <source>（点击下载：{url}）</source>
        <translation> (click to download: {url})</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="253"/>
        <source>同步中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="258"/>
        <source>同步中… {records} 条 · {size}</source>
        <translation>Syncing… {records} records · {size}</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="280"/>
        <source>登录已失效：请重新登录，未同步的更改已保留</source>
        <translation>Login expired: please log in again; unsynced changes are kept</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="285"/>
        <source>离线：暂时无法同步，更改已保留在本机</source>
        <translation>Offline: cannot sync now; changes are kept on this computer</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="292"/>
        <source>同步失败：</source>
        <translation>Sync failed: </translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/app.py" line="84"/>
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="218"/>
        <source>正在启动演示服务器并登录…</source>
        <translation>Starting the demo server and logging in…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="244"/>
        <source>需要登录：首次绘制计时只适用于已记住登录的配置文件</source>
        <translation>Login required: first-paint timing only works with a remembered login</translation>
    </message>
</context>
<context>
    <name>AttachmentsPanel</name>
    <message>
        <location filename="../../ui/doc_attachments.py" line="99"/>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="99"/>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="99"/>
        <source>本机</source>
        <translation>Local copy</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="105"/>
        <source>添加…</source>
        <translation>Add…</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="108"/>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="111"/>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="114"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="140"/>
        <source>已下载</source>
        <translation>Downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="140"/>
        <source>未下载</source>
        <translation>Not downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="153"/>
        <source>暂无附件</source>
        <translation>No attachments</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="155"/>
        <source>未下载的附件将在下次同步时下载</source>
        <translation>Attachments not yet downloaded will be downloaded at the next sync</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="177"/>
        <source>添加附件</source>
        <translation>Add attachments</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="193"/>
        <source>正在添加附件…</source>
        <translation>Adding attachments…</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="200"/>
        <source>附件未下载</source>
        <translation>Attachment not downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="201"/>
        <source>附件“{name}”尚未下载到本机，请联网同步后再试。</source>
        <translation>The attachment &quot;{name}&quot; has not been downloaded to this computer yet. Connect, sync and try again.</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="220"/>
        <source>无法打开附件</source>
        <translation>Cannot open the attachment</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="221"/>
        <source>本机没有可以打开该文件的程序。文件副本在：{path}</source>
        <translation>No program on this computer can open this file. A copy of the file is at: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="229"/>
        <source>附件另存为</source>
        <translation>Save attachment as</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="246"/>
        <source>删除附件</source>
        <translation>Delete attachment</translation>
    </message>
    <message>
        <location filename="../../ui/doc_attachments.py" line="247"/>
        <source>从公文中删除附件“{name}”？</source>
        <translation>Delete the attachment &quot;{name}&quot; from the document?</translation>
    </message>
</context>
<context>
    <name>BodyEditor</name>
    <message>
        <location filename="../../ui/body_editor.py" line="123"/>
        <source>另起一段，插入下一个“{sample}”级标题序号</source>
        <translation>Start a new paragraph with the next &quot;{sample}&quot; heading number</translation>
    </message>
    <message>
        <location filename="../../ui/body_editor.py" line="128"/>
        <source>附件说明</source>
        <translation>Attachment note</translation>
    </message>
    <message>
        <location filename="../../ui/body_editor.py" line="130"/>
        <source>按附件列表插入或更新正文末尾的“附件：1.……”</source>
        <translation>Insert or update the &quot;Attachments: 1. …&quot; note at the end of the body text from the attachment list</translation>
    </message>
    <message>
        <location filename="../../ui/body_editor.py" line="137"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/body_editor.py" line="139"/>
        <source>保存正文（Ctrl+S）</source>
        <translation>Save the body text (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../ui/body_editor.py" line="162"/>
        <source>只读：{reason}</source>
        <translation>Read-only: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/body_editor.py" line="169"/>
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location filename="../../ui/body_editor.py" line="190"/>
        <source>附件说明已是最新</source>
        <translation>The attachment note is already up to date</translation>
    </message>
    <message>
        <location filename="../../ui/body_editor.py" line="190"/>
        <source>公文没有附件</source>
        <translation>The document has no attachments</translation>
    </message>
</context>
<context>
    <name>CalendarView</name>
    <message>
        <location filename="../../ui/calendar_view.py" line="273"/>
        <source>另有 {n} 个</source>
        <translation>{n} more</translation>
    </message>
</context>
<context>
    <name>ComposeDialog</name>
    <message>
        <location filename="../../ui/notice_compose.py" line="122"/>
        <source>编辑通知 — 政通办公</source>
        <translation>Edit notice — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="122"/>
        <source>新建通知 — 政通办公</source>
        <translation>New notice — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="144"/>
        <source>通知标题，如：关于做好汛期值班值守工作的通知</source>
        <translation>Notice title, e.g. Notice on duty arrangements for the flood season</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="158"/>
        <source>立即发布</source>
        <translation>Publish now</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="161"/>
        <source>定时发布</source>
        <translation>Scheduled publishing</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="167"/>
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="172"/>
        <source>需要回执</source>
        <translation>Reply form required</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="183"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="185"/>
        <source>存为草稿</source>
        <translation>Save as draft</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="188"/>
        <location filename="../../ui/notice_compose.py" line="227"/>
        <location filename="../../ui/notice_compose.py" line="298"/>
        <source>发布</source>
        <translation>Publish</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="194"/>
        <source>紧急程度：</source>
        <translation>Urgency:</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="197"/>
        <source>密级：</source>
        <translation>Classification:</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="200"/>
        <source>添加附件…</source>
        <translation>Add attachments…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="203"/>
        <source>移除</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="214"/>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="220"/>
        <source>附件：</source>
        <translation>Attachments:</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="225"/>
        <source>接收范围</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="240"/>
        <source>回执</source>
        <translation>Reply form</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="295"/>
        <source>非密</source>
        <translation>Unclassified</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="298"/>
        <source>提交审核</source>
        <translation>Submit for approval</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="326"/>
        <source>添加附件</source>
        <translation>Add attachments</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="363"/>
        <source>请填写通知标题</source>
        <translation>Please enter the notice title</translation>
    </message>
    <message>
        <location filename="../../ui/notice_compose.py" line="400"/>
        <source>正在保存通知…</source>
        <translation>Saving the notice…</translation>
    </message>
</context>
<context>
    <name>DocumentWindow</name>
    <message>
        <location filename="../../ui/document_window.py" line="127"/>
        <source>公文 — 政通办公</source>
        <translation>Document — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="156"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="195"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="195"/>
        <source>办理人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="195"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="195"/>
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="195"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="197"/>
        <source>公文信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="198"/>
        <source>正文</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="199"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="200"/>
        <source>办理单/意见</source>
        <translation>Opinions</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="201"/>
        <source>流转记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="212"/>
        <source>预览</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="214"/>
        <source>预览、打印或另存为 PDF</source>
        <translation>Preview, print or save as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="216"/>
        <source>办理单</source>
        <translation>Processing form</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="218"/>
        <source>预览、打印收文处理单</source>
        <translation>Preview and print the incoming document processing form</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="251"/>
        <source>（无标题）</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="252"/>
        <source>{title} — 政通办公</source>
        <translation>{title} — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="255"/>
        <location filename="../../ui/document_window.py" line="278"/>
        <source>待编号</source>
        <translation>Not numbered yet</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="276"/>
        <source>文种</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="277"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="278"/>
        <source>发文字号</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="282"/>
        <source>收文编号</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="283"/>
        <source>来文单位</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="284"/>
        <source>收文日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="288"/>
        <source>拟稿人</source>
        <translation>Drafted by</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="289"/>
        <source>主送</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="290"/>
        <source>抄送</source>
        <translation>Cc</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="293"/>
        <source>密级</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="293"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="294"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="294"/>
        <source>平件</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="295"/>
        <source>当前办理人</source>
        <translation>Current handler</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="299"/>
        <source>主办</source>
        <translation>Lead</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="300"/>
        <source>协办</source>
        <translation>Assisting</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="302"/>
        <source>办理时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="307"/>
        <source>归档号</source>
        <translation>Archive number</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="315"/>
        <source>：</source>
        <translation>:</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="322"/>
        <source>待同步</source>
        <translation>not yet synced</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="350"/>
        <source>交 {names}</source>
        <translation>to {names}</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="365"/>
        <source>已归档，只读</source>
        <translation>Archived, read-only</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="367"/>
        <source>当前没有需要您办理的环节</source>
        <translation>Nothing here awaits you</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="439"/>
        <source>签章有效（{unit}）</source>
        <translation>Seal valid ({unit})</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="440"/>
        <source>已篡改</source>
        <translation>Tampered with</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="441"/>
        <source>未知签章单位</source>
        <translation>Unknown sealing unit</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="442"/>
        <source>签章文件未下载</source>
        <translation>Seal file not downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="443"/>
        <source>签章未能检查</source>
        <translation>Seal could not be checked</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="483"/>
        <source>正文尚未保存</source>
        <translation>Body text not saved</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="484"/>
        <source>正文有未保存的修改，关闭前是否保存？</source>
        <translation>The body text has unsaved changes. Save them before closing?</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="491"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="492"/>
        <source>不保存</source>
        <translation>Don&apos;t save</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="493"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <location filename="../../ui/documents.py" line="133"/>
        <location filename="../../ui/documents.py" line="143"/>
        <source>缓急</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="134"/>
        <location filename="../../ui/documents.py" line="145"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="135"/>
        <location filename="../../ui/documents.py" line="146"/>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="136"/>
        <source>来文单位</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="137"/>
        <location filename="../../ui/documents.py" line="147"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="138"/>
        <source>收文日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="139"/>
        <source>办理时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="144"/>
        <source>文种</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="148"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="152"/>
        <source>待编号</source>
        <translation>Not numbered yet</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="156"/>
        <source>{date}（已超期）</source>
        <translation>{date} (overdue)</translation>
    </message>
</context>
<context>
    <name>DocumentsView</name>
    <message>
        <location filename="../../ui/documents.py" line="305"/>
        <source>收文</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="305"/>
        <source>发文</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="312"/>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="312"/>
        <source>在办</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="312"/>
        <source>已办</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="312"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="318"/>
        <location filename="../../ui/documents.py" line="446"/>
        <source>文种</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="319"/>
        <source>全部文种</source>
        <translation>All types</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="324"/>
        <source>按标题或文号筛选（Ctrl+F）</source>
        <translation>Filter by title or document number (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="326"/>
        <source>筛选公文</source>
        <translation>Filter documents</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="332"/>
        <source>没有公文</source>
        <translation>No documents</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="347"/>
        <source>检索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="350"/>
        <source>按全文、文号、来文单位、日期检索公文（Ctrl+Shift+F）</source>
        <translation>Search documents by full text, document number, sending unit or date (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="359"/>
        <source>新建拟稿</source>
        <translation>New draft</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="359"/>
        <source>登记纸质来文</source>
        <translation>Register paper document</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="423"/>
        <location filename="../../ui/documents.py" line="439"/>
        <source>待签收</source>
        <translation>To sign for</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="430"/>
        <source>督办</source>
        <translation>Supervision</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="439"/>
        <source>待签收 ({n})</source>
        <translation>To sign for ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="445"/>
        <source>缓急</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="447"/>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="448"/>
        <source>来文单位</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="449"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="450"/>
        <source>收文日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="451"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="452"/>
        <source>办理时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="558"/>
        <source>共 {n} 件</source>
        <translation>{n} documents</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="563"/>
        <source>读取失败：{msg}</source>
        <translation>Could not read: {msg}</translation>
    </message>
</context>
<context>
    <name>FieldRow</name>
    <message>
        <location filename="../../ui/notice_editors.py" line="231"/>
        <source>项目名称，如：参训人员姓名</source>
        <translation>Field name, e.g. Name of trainee</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="236"/>
        <source>必填</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="240"/>
        <source>删除此项</source>
        <translation>Delete this field</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="244"/>
        <source>选项，用“、”分隔，如：参加、不参加</source>
        <translation>Options separated by commas, e.g. Attending, Not attending</translation>
    </message>
</context>
<context>
    <name>FontsPage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="203"/>
        <source>公文字体</source>
        <translation>Document fonts</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="206"/>
        <source>标题字体：</source>
        <translation>Title font:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="207"/>
        <source>正文字体：</source>
        <translation>Body font:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="208"/>
        <source>黑体（一级标题）：</source>
        <translation>Heiti (level-1 headings):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="209"/>
        <source>楷体（二级标题）：</source>
        <translation>Kaiti (level-2 headings):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="226"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="240"/>
        <source>填写字体名称或选择字体文件（.ttf/.ttc）；留空时使用上面灰色显示的标准字体。未安装的字体以内置字体代替，打印效果可能与正式公文略有差异。</source>
        <translation>Enter a font family or choose a font file (.ttf/.ttc); leave empty for the standard font shown in grey. Missing fonts are replaced by the bundled font, so printouts may differ slightly from official documents.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="256"/>
        <source>字体文件不存在：{path}</source>
        <translation>Font file not found: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="277"/>
        <source>使用字体文件</source>
        <translation>Use a font file</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="279"/>
        <source>字体文件不存在</source>
        <translation>Font file not found</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="281"/>
        <source>已安装：{name}</source>
        <translation>Installed: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="283"/>
        <source>“{name}”未安装，将使用内置字体</source>
        <translation>&quot;{name}&quot; is not installed; the bundled font will be used</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="291"/>
        <source>选择字体文件</source>
        <translation>Choose a font file</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="293"/>
        <source>字体文件 (*.ttf *.ttc *.otf);;所有文件 (*)</source>
        <translation>Font files (*.ttf *.ttc *.otf);;All files (*)</translation>
    </message>
</context>
<context>
    <name>InboxModel</name>
    <message>
        <location filename="../../ui/notices.py" line="181"/>
        <source>特急，未读前置顶</source>
        <translation>Extra urgent: pinned to the top until read</translation>
    </message>
</context>
<context>
    <name>InterfacePage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="156"/>
        <source>界面</source>
        <translation>Interface</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="166"/>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="170"/>
        <source>语言：</source>
        <translation>Language:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="171"/>
        <source>会议提醒提前：</source>
        <translation>Remind before meetings:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="173"/>
        <source>更改语言后，需要重新启动政通办公才能生效。</source>
        <translation>A new language takes effect after ZhengTong Office restarts.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="94"/>
        <source>登录 — 政通办公</source>
        <translation>Log in — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="99"/>
        <source>例如 https://oa.example.gov.cn</source>
        <translation>e.g. https://oa.example.gov.cn</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="101"/>
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="104"/>
        <source>记住登录</source>
        <translation>Remember me</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="117"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="121"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="146"/>
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="148"/>
        <source>公文 · 会议 · 通知&#x3000;离线也能办公</source>
        <translation>Documents · Meetings · Notices — works offline</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="166"/>
        <source>留空则只在本机离线登录</source>
        <translation>Leave empty to log in offline on this computer only</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="167"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="168"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="169"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="192"/>
        <source>正在连接服务器并同步通讯录…</source>
        <translation>Connecting to the server and syncing the address book…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="203"/>
        <source>请填写服务器地址</source>
        <translation>Please enter the server address</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="240"/>
        <source>客户端版本过旧，正在离线登录…</source>
        <translation>This version is too old for the server; logging in offline…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="246"/>
        <source>无法连接服务器，正在离线登录…</source>
        <translation>Cannot reach the server; logging in offline…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="266"/>
        <source>离线登录也未成功：</source>
        <translation>Offline login failed as well: </translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="269"/>
        <source>无法连接服务器，离线登录也未成功：</source>
        <translation>Cannot reach the server, and the offline login failed too: </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="115"/>
        <location filename="../../ui/mainwindow.py" line="217"/>
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="247"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="248"/>
        <source>注销</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="251"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="255"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="265"/>
        <source>同步(&amp;S)</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="266"/>
        <source>同步冲突与被拒绝的更改…</source>
        <translation>Sync conflicts and rejected changes…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="269"/>
        <source>系统管理…</source>
        <translation>System administration…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="272"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="273"/>
        <location filename="../../ui/mainwindow.py" line="422"/>
        <source>关于政通办公</source>
        <translation>About ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="275"/>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="280"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="306"/>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="306"/>
        <source>尚未配置服务器</source>
        <translation>No server configured</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="423"/>
        <source>&lt;h3&gt;政通办公 {version}&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;ZhengTong Office {version}&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="424"/>
        <source>&lt;p&gt;面向政府机关的离线优先办公客户端：公文流转、会议管理、通知发送。&lt;/p&gt;</source>
        <translation>&lt;p&gt;An offline-first office client for government agencies: official documents, meetings and notices.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MeetingDialog</name>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="100"/>
        <source>修改本次及以后</source>
        <translation>Change this and following</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="102"/>
        <source>修改会议</source>
        <translation>Edit meeting</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="104"/>
        <source>新建会议</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="121"/>
        <source>保存并预订</source>
        <translation>Save and book</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="122"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="141"/>
        <location filename="../../ui/meeting_dialog.py" line="181"/>
        <source>会议名称</source>
        <translation>Meeting title</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="154"/>
        <source>（不使用会议室）</source>
        <translation>(no meeting room)</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="157"/>
        <source>外部地点或视频会议链接</source>
        <translation>External venue or video conference link</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="182"/>
        <source>会议类型</source>
        <translation>Meeting type</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="185"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="188"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="189"/>
        <source>会议室</source>
        <translation>Meeting room</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="190"/>
        <source>地点/链接</source>
        <translation>Venue/link</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="191"/>
        <source>重复</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="207"/>
        <source>添加议题</source>
        <translation>Add agenda item</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="209"/>
        <source>删除议题</source>
        <translation>Delete agenda item</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="211"/>
        <source>添加材料…</source>
        <translation>Add materials…</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="222"/>
        <source>参会人员</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="223"/>
        <source>参会单位</source>
        <translation>Attending units</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="224"/>
        <source>列席</source>
        <translation>Observers</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="225"/>
        <source>议程</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="234"/>
        <source>{n} 人</source>
        <translation>{n} people</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="303"/>
        <location filename="../../ui/meeting_dialog.py" line="305"/>
        <source>添加材料</source>
        <translation>Add materials</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="303"/>
        <source>请先选中一个议题</source>
        <translation>Select an agenda item first</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="391"/>
        <source>请确认</source>
        <translation>Please confirm</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_dialog.py" line="392"/>
        <source>仍要预订吗？</source>
        <translation>Book anyway?</translation>
    </message>
</context>
<context>
    <name>MeetingPopup</name>
    <message>
        <location filename="../../ui/meeting_reminder.py" line="30"/>
        <source>会议提醒：{n} 分钟后开始</source>
        <translation>Meeting reminder: starts in {n} min</translation>
    </message>
</context>
<context>
    <name>MeetingReminder</name>
    <message>
        <location filename="../../ui/meeting_reminder.py" line="108"/>
        <source>另有 {n} 个会议即将开始</source>
        <translation>{n} more meetings starting soon</translation>
    </message>
</context>
<context>
    <name>MeetingWindow</name>
    <message>
        <location filename="../../ui/meeting_window.py" line="103"/>
        <source>会议信息</source>
        <translation>Meeting details</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="107"/>
        <source>议题</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="107"/>
        <source>汇报人</source>
        <translation>Presenter</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="107"/>
        <source>材料</source>
        <translation>Materials</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="111"/>
        <source>议程</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="116"/>
        <source>参会回执</source>
        <translation>Attendance replies</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="138"/>
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="141"/>
        <source>重新预订</source>
        <translation>Book again</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="144"/>
        <location filename="../../ui/meeting_window.py" line="489"/>
        <source>取消会议</source>
        <translation>Cancel meeting</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="147"/>
        <source>审批通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="150"/>
        <location filename="../../ui/meeting_window.py" line="502"/>
        <source>不同意</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="153"/>
        <source>仅取消本次</source>
        <translation>Cancel this date only</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="156"/>
        <source>修改本次及以后</source>
        <translation>Change this and following</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="179"/>
        <location filename="../../ui/meeting_window.py" line="280"/>
        <source>发送会议通知</source>
        <translation>Send meeting notice</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="182"/>
        <source>预览通知</source>
        <translation>Preview notice</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="185"/>
        <location filename="../../ui/meeting_window.py" line="409"/>
        <source>催办未回复</source>
        <translation>Remind those without reply</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="188"/>
        <source>签到</source>
        <translation>Sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="191"/>
        <source>纪要</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="233"/>
        <source>会议类型</source>
        <translation>Meeting type</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="233"/>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="234"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="235"/>
        <source>地点</source>
        <translation>Venue</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="235"/>
        <source>未定</source>
        <translation>Not assigned</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="236"/>
        <source>召集人</source>
        <translation>Organizer</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="238"/>
        <source>参会人员</source>
        <translation>Attendees</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="244"/>
        <source>参会单位</source>
        <translation>Attending units</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="246"/>
        <source>列席</source>
        <translation>Observers</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="260"/>
        <source>（{n} 分钟）</source>
        <translation> ({n} min)</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="280"/>
        <source>已发送</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="296"/>
        <source>我的签到码：{c}（到会场后出示）</source>
        <translation>My sign-in code: {c} (show it at the venue)</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="305"/>
        <source>，每周</source>
        <translation>, weekly</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="305"/>
        <source>，每月</source>
        <translation>, monthly</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="307"/>
        <source>，至 {d}</source>
        <translation>, until {d}</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="309"/>
        <source>，共 {n} 次</source>
        <translation>, {n} occurrences</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="316"/>
        <source>预订未通过：</source>
        <translation>Booking refused: </translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="316"/>
        <source>会议室在此时间已被占用</source>
        <translation>the meeting room is already booked for this time</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="324"/>
        <source>冲突会议：“{t}”</source>
        <translation>Conflicting meeting: &quot;{t}&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="325"/>
        <source>可修改时间或会议室后重新预订。</source>
        <translation>You can change the time or the meeting room and book again.</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="327"/>
        <source>该会议室需要审批，正在等待审批人同意。</source>
        <translation>This meeting room needs approval; waiting for the approver to agree.</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="329"/>
        <source>预订将在下次同步时由服务器确认。</source>
        <translation>The server confirms the booking at the next sync.</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="331"/>
        <source>会议已取消。</source>
        <translation>The meeting has been cancelled. </translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="331"/>
        <source>原因：</source>
        <translation>Reason: </translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="340"/>
        <source>会议通知发出后，这里显示参会回执的统计。</source>
        <translation>Once the meeting notice has been sent, a summary of the attendance replies appears here.</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="347"/>
        <location filename="../../ui/meeting_window.py" line="355"/>
        <source>暂无参会回执。</source>
        <translation>No attendance replies yet.</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="405"/>
        <source>已向 {n} 位未回复的人员发出催办。</source>
        <translation>Reminders sent to {n} people who have not replied.</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="407"/>
        <source>所有人员均已回复，无需催办。</source>
        <translation>Everyone has replied; no reminder needed.</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="489"/>
        <source>取消原因（将通知参会人员）：</source>
        <translation>Reason for cancelling (attendees will be notified):</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="502"/>
        <source>不同意的理由：</source>
        <translation>Reason for refusing:</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="506"/>
        <source>无法完成操作</source>
        <translation>Cannot complete the action</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_window.py" line="506"/>
        <source>请填写不同意的理由</source>
        <translation>Please give a reason for refusing</translation>
    </message>
</context>
<context>
    <name>MeetingsView</name>
    <message>
        <location filename="../../ui/meetings.py" line="93"/>
        <source>新建会议</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="97"/>
        <source>上一页</source>
        <translation>Previous</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="99"/>
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="103"/>
        <source>下一页</source>
        <translation>Next</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="112"/>
        <location filename="../../ui/meetings.py" line="163"/>
        <source>我的会议</source>
        <translation>My meetings</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="128"/>
        <source>待审批</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="130"/>
        <source>会议室管理</source>
        <translation>Manage meeting rooms</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="132"/>
        <location filename="../../ui/meetings.py" line="325"/>
        <location filename="../../ui/meetings.py" line="349"/>
        <source>导出日历</source>
        <translation>Export calendar</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="133"/>
        <source>把我的会议导出为 .ics 日历文件</source>
        <translation>Export my meetings as an .ics calendar file</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="169"/>
        <source>待审批（{n}）</source>
        <translation>Awaiting approval ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="268"/>
        <source>重复会议</source>
        <translation>Recurring meeting</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="269"/>
        <source>重复会议请打开会议后修改时间（可选择仅此次或此次及以后）。</source>
        <translation>To change the time of a recurring meeting, open the meeting (you can choose this occurrence only, or this and later ones).</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="294"/>
        <source>已改期</source>
        <translation>Rescheduled</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="326"/>
        <source>我的会议.ics</source>
        <translation>my-meetings.ics</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="327"/>
        <source>日历文件 (*.ics)</source>
        <translation>Calendar files (*.ics)</translation>
    </message>
    <message>
        <location filename="../../ui/meetings.py" line="349"/>
        <source>已导出到 {p}</source>
        <translation>Exported to {p}</translation>
    </message>
</context>
<context>
    <name>MinutesEditor</name>
    <message>
        <location filename="../../ui/minutes_editor.py" line="159"/>
        <source>会议纪要</source>
        <translation>Meeting minutes</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="182"/>
        <source>预览纪要</source>
        <translation>Preview minutes</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="185"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="208"/>
        <source>出席：</source>
        <translation>Present: </translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="209"/>
        <source>请假：</source>
        <translation>On leave: </translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="210"/>
        <source>列席：</source>
        <translation>Observers: </translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="212"/>
        <source>出席情况（以“、”分隔）</source>
        <translation>Attendance (separated by commas)</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="221"/>
        <source>议定事项</source>
        <translation>Decided item</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="221"/>
        <source>责任人</source>
        <translation>Responsible person</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="221"/>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="227"/>
        <source>添加事项</source>
        <translation>Add item</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="230"/>
        <source>删除事项</source>
        <translation>Delete item</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="237"/>
        <source>议定事项（保存后列入督办）</source>
        <translation>Decided items (added to supervision when saved)</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="268"/>
        <source>未到且未请假：{names}</source>
        <translation>Absent without leave: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="283"/>
        <source>已保存于 {t}</source>
        <translation>Saved at {t}</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="285"/>
        <source>尚未保存</source>
        <translation>Not saved yet</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="348"/>
        <source>第 {n} 项议定事项的时限早于会议日期</source>
        <translation>The deadline of decided item {n} is earlier than the meeting date</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="88"/>
        <source>服务器与网络</source>
        <translation>Server and network</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="93"/>
        <source>不使用代理时留空，例如 http://10.1.1.1:8080</source>
        <translation>Leave empty for no proxy, e.g. http://10.1.1.1:8080</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="95"/>
        <source>使用系统证书时留空</source>
        <translation>Leave empty to use the system certificates</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="96"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="106"/>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="110"/>
        <source>服务器地址：</source>
        <translation>Server address:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="111"/>
        <source>代理：</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="112"/>
        <source>CA 证书文件：</source>
        <translation>CA bundle:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="113"/>
        <source>自动同步间隔：</source>
        <translation>Sync every:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="118"/>
        <source>服务器地址由本单位信息化管理员提供，一般为政务外网地址。离线时所做的修改会在下次同步时提交，不会丢失。</source>
        <translation>Your IT administrator provides the server address, usually on the government extranet. Changes made offline are sent at the next sync and are never lost.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="143"/>
        <source>选择 CA 证书文件</source>
        <translation>Choose a CA bundle</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="145"/>
        <source>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
</context>
<context>
    <name>NewDraftDialog</name>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="271"/>
        <source>新建拟稿</source>
        <translation>New draft</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="275"/>
        <source>如：塔政发（编号时使用，可稍后填写）</source>
        <translation>e.g. 塔政发 (used for numbering; can be filled in later)</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="281"/>
        <source>创建并编辑正文</source>
        <translation>Create and edit body text</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="282"/>
        <source>文种：</source>
        <translation>Document type:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="283"/>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="284"/>
        <source>发文代字：</source>
        <translation>Document prefix:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="285"/>
        <source>主送/抄送机关：</source>
        <translation>Main recipients / copy to:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="286"/>
        <source>密级：</source>
        <translation>Classification:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="287"/>
        <source>紧急程度：</source>
        <translation>Urgency:</translation>
    </message>
</context>
<context>
    <name>NoticePopup</name>
    <message>
        <location filename="../../ui/notice_popup.py" line="70"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/notice_popup.py" line="79"/>
        <source>查看</source>
        <translation>View</translation>
    </message>
    <message>
        <location filename="../../ui/notice_popup.py" line="103"/>
        <source>特急通知</source>
        <translation>Extra urgent notice</translation>
    </message>
    <message>
        <location filename="../../ui/notice_popup.py" line="103"/>
        <source>紧急通知</source>
        <translation>Urgent notice</translation>
    </message>
    <message>
        <location filename="../../ui/notice_popup.py" line="104"/>
        <source>新通知</source>
        <translation>New notice</translation>
    </message>
    <message>
        <location filename="../../ui/notice_popup.py" line="123"/>
        <source>另有 {n} 条新通知</source>
        <translation>{n} more new notices</translation>
    </message>
</context>
<context>
    <name>NoticeStatsWindow</name>
    <message>
        <location filename="../../ui/notice_stats.py" line="123"/>
        <source>阅读统计 — 政通办公</source>
        <translation>Read statistics — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="144"/>
        <source>接收人数</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="145"/>
        <location filename="../../ui/notice_stats.py" line="158"/>
        <source>已送达</source>
        <translation>Delivered</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="146"/>
        <location filename="../../ui/notice_stats.py" line="159"/>
        <source>已读</source>
        <translation>Read</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="147"/>
        <location filename="../../ui/notice_stats.py" line="160"/>
        <source>已回执</source>
        <translation>Replied</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="156"/>
        <location filename="../../ui/notice_stats.py" line="166"/>
        <location filename="../../ui/notice_stats.py" line="169"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="157"/>
        <source>人数</source>
        <translation>People</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="161"/>
        <source>阅读率</source>
        <translation>Read rate</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="166"/>
        <location filename="../../ui/notice_stats.py" line="169"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="166"/>
        <location filename="../../ui/notice_stats.py" line="169"/>
        <source>已催办</source>
        <translation>Reminded</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="171"/>
        <source>按单位</source>
        <translation>By unit</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="172"/>
        <source>未读</source>
        <translation>Unread</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="173"/>
        <source>未回执</source>
        <translation>No reply</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="198"/>
        <source>一键催办未读</source>
        <translation>Remind all unread</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="201"/>
        <source>催办未回执</source>
        <translation>Remind those without reply</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="204"/>
        <source>撤回…</source>
        <translation>Withdraw…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="207"/>
        <source>取消定时发布</source>
        <translation>Cancel scheduled publishing</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="210"/>
        <source>导出回执…</source>
        <translation>Export replies…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="213"/>
        <source>查看通知</source>
        <translation>View notice</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="284"/>
        <source>阅读统计：{title} — 政通办公</source>
        <translation>Read statistics: {title} — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="294"/>
        <source>已撤回：{reason}</source>
        <translation>Withdrawn: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="310"/>
        <source>发布于 {at}</source>
        <translation>Published {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="312"/>
        <source>定时发布 {at}</source>
        <translation>Scheduled for {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="314"/>
        <source>回执截止 {at}</source>
        <translation>Replies due {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="316"/>
        <source>有效期至 {at}</source>
        <translation>Valid until {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="317"/>
        <source>接收：{names}</source>
        <translation>Recipients: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="321"/>
        <source>统计截至最近一次同步；送达、阅读和回执在对方同步后计入。</source>
        <translation>Figures are as of the last sync; deliveries, reads and replies count once the recipients have synced.</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="325"/>
        <source>已催办 {n} 次，最近一次催办 {count} 人</source>
        <translation>Reminded {n} times; {count} people in the latest reminder</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="330"/>
        <source>短信通知：成功 {sent} 条，失败 {failed} 条</source>
        <translation>SMS notifications: {sent} sent, {failed} failed</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="335"/>
        <source>（{error}）</source>
        <translation> ({error})</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="363"/>
        <source>未读 ({n})</source>
        <translation>Unread ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="364"/>
        <source>未回执 ({n})</source>
        <translation>No reply ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="369"/>
        <source>{n} 次</source>
        <translation>{n}×</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="391"/>
        <source>已催办 {n} 人，同步后提醒对方</source>
        <translation>{n} people reminded; they are notified after the sync</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="406"/>
        <source>撤回通知</source>
        <translation>Withdraw notice</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="407"/>
        <source>撤回《{title}》。接收人仍可看到通知，并看到撤回理由：</source>
        <translation>Withdraw &quot;{title}&quot;. Recipients can still see the notice, together with the reason for withdrawal:</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="410"/>
        <source>撤回</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="412"/>
        <source>撤回通知须填写理由</source>
        <translation>Withdrawing a notice needs a reason</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="413"/>
        <source>如：通知内容有误，将另行发布</source>
        <translation>e.g. The notice contains errors and will be reissued</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="416"/>
        <source>已撤回，同步后通知接收人</source>
        <translation>Withdrawn; recipients are notified after the sync</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="429"/>
        <source>已取消定时发布，同步后回到草稿</source>
        <translation>Scheduled publishing cancelled; the notice returns to drafts after the sync</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="433"/>
        <source>回执</source>
        <translation>Replies</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="436"/>
        <source>导出回执</source>
        <translation>Export replies</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="437"/>
        <source>{title}-回执.xlsx</source>
        <translation>{title}-replies.xlsx</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="438"/>
        <source>Excel 工作簿 (*.xlsx);;CSV 文件 (*.csv)</source>
        <translation>Excel workbook (*.xlsx);;CSV file (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="450"/>
        <source>已导出 {n} 人的回执到 {path}</source>
        <translation>Replies of {n} people exported to {path}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_stats.py" line="452"/>
        <source>正在导出回执…</source>
        <translation>Exporting replies…</translation>
    </message>
</context>
<context>
    <name>NoticeWindow</name>
    <message>
        <location filename="../../ui/notice_window.py" line="199"/>
        <source>通知 — 政通办公</source>
        <translation>Notice — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="260"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="262"/>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="262"/>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="262"/>
        <source>本机</source>
        <translation>Local copy</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="267"/>
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="270"/>
        <source>另存为…</source>
        <translation>Save as…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="283"/>
        <source>回执</source>
        <translation>Reply form</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="292"/>
        <location filename="../../ui/notice_window.py" line="445"/>
        <source>提交回执</source>
        <translation>Submit reply</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="308"/>
        <source>查看阅读统计</source>
        <translation>View read statistics</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="311"/>
        <source>审核通过并发布</source>
        <translation>Approve and publish</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="314"/>
        <source>退回…</source>
        <translation>Return…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="318"/>
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="354"/>
        <source>{title} — 政通办公</source>
        <translation>{title} — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="365"/>
        <source> 等 {n} 个</source>
        <translation> and others ({n} in all)</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="366"/>
        <source>接收：{names}</source>
        <translation>Recipients: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="383"/>
        <source>发送：{name}（{unit}）</source>
        <translation>From: {name} ({unit})</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="385"/>
        <source>发布于 {at}</source>
        <translation>Published {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="387"/>
        <source>定时发布 {at}</source>
        <translation>Scheduled for {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="389"/>
        <source>有效期至 {at}</source>
        <translation>Valid until {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="391"/>
        <source>密级：{level}</source>
        <translation>Classification: {level}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="397"/>
        <source>已撤回：{reason}</source>
        <translation>Withdrawn: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="399"/>
        <source>通知已过期</source>
        <translation>The notice has expired</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="401"/>
        <source>发送人已催办 {n} 次，请尽快回执</source>
        <translation>The sender has sent {n} reminders; please reply soon</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="411"/>
        <source>已下载</source>
        <translation>Downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="411"/>
        <source>未下载</source>
        <translation>Not downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="425"/>
        <source>请于 {at} 前回执</source>
        <translation>Please reply by {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="427"/>
        <source>回执截止：{at}</source>
        <translation>Reply deadline: {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="433"/>
        <source>已于 {at} 回执</source>
        <translation>Replied on {at}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="435"/>
        <source>表单预览：接收人在此填写回执</source>
        <translation>Form preview: recipients fill in their reply here</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="443"/>
        <source>确认收到</source>
        <translation>Acknowledge receipt</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="445"/>
        <source>修改回执</source>
        <translation>Edit reply</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="483"/>
        <source>已审核通过，同步后发布</source>
        <translation>Approved; it is published after the sync</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="495"/>
        <location filename="../../ui/notice_window.py" line="497"/>
        <source>退回</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="496"/>
        <source>退回起草人修改。请说明意见：</source>
        <translation>Return to the drafter for changes. Please give your comments:</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="499"/>
        <source>退回须填写意见</source>
        <translation>Returning needs comments</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="522"/>
        <source>附件未下载</source>
        <translation>Attachment not downloaded</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="523"/>
        <source>附件“{name}”尚未下载到本机，请联网同步后再试。</source>
        <translation>The attachment &quot;{name}&quot; has not been downloaded to this computer yet. Connect, sync and try again.</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="539"/>
        <source>无法打开附件</source>
        <translation>Cannot open the attachment</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="540"/>
        <source>本机没有可以打开该文件的程序。文件副本在：{path}</source>
        <translation>No program on this computer can open this file. A copy of the file is at: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="548"/>
        <source>附件另存为</source>
        <translation>Save attachment as</translation>
    </message>
</context>
<context>
    <name>NoticesView</name>
    <message>
        <location filename="../../ui/notices.py" line="246"/>
        <source>通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="252"/>
        <location filename="../../ui/notices.py" line="455"/>
        <source>收到的通知</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="252"/>
        <source>我发出的</source>
        <translation>Sent by me</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="253"/>
        <source>草稿</source>
        <translation>Drafts</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="255"/>
        <source>待审核</source>
        <translation>Awaiting approval</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="260"/>
        <location filename="../../ui/notices.py" line="262"/>
        <source>新建通知</source>
        <translation>New notice</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="266"/>
        <source>按标题、正文或发送人筛选（Ctrl+F）</source>
        <translation>Filter by title, text or sender (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="268"/>
        <source>筛选通知</source>
        <translation>Filter notices</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="269"/>
        <source>只看未读</source>
        <translation>Unread only</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="273"/>
        <location filename="../../ui/notices.py" line="566"/>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="284"/>
        <source>没有收到通知</source>
        <translation>No notices received</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="285"/>
        <source>还没有发出通知</source>
        <translation>No notices sent yet</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="286"/>
        <source>没有草稿</source>
        <translation>No drafts</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="287"/>
        <source>没有待审核的通知</source>
        <translation>No notices awaiting approval</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="301"/>
        <location filename="../../ui/notices.py" line="326"/>
        <location filename="../../ui/notices.py" line="341"/>
        <location filename="../../ui/notices.py" line="349"/>
        <source>缓急</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="302"/>
        <location filename="../../ui/notices.py" line="327"/>
        <location filename="../../ui/notices.py" line="342"/>
        <location filename="../../ui/notices.py" line="350"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="303"/>
        <source>发送单位</source>
        <translation>Sending unit</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="304"/>
        <source>发送人</source>
        <translation>Sender</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="305"/>
        <location filename="../../ui/notices.py" line="330"/>
        <source>发布时间</source>
        <translation>Published</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="306"/>
        <location filename="../../ui/notices.py" line="328"/>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="307"/>
        <source>回执截止</source>
        <translation>Reply deadline</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="312"/>
        <source>已撤回：{reason}</source>
        <translation>Withdrawn: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="314"/>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="316"/>
        <source>未读</source>
        <translation>Unread</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="318"/>
        <location filename="../../ui/notices.py" line="336"/>
        <source>已回执</source>
        <translation>Replied</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="319"/>
        <source>待回执</source>
        <translation>Reply pending</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="319"/>
        <location filename="../../ui/notices.py" line="335"/>
        <source>已读</source>
        <translation>Read</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="334"/>
        <source>接收人数</source>
        <translation>Recipients</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="343"/>
        <source>定时发布</source>
        <translation>Scheduled publishing</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="344"/>
        <source>回执</source>
        <translation>Reply form</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="344"/>
        <source>需要</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="351"/>
        <source>起草人</source>
        <translation>Drafter</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="352"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="455"/>
        <source>收到的通知 ({n})</source>
        <translation>Received ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="467"/>
        <source>共 {n} 条</source>
        <translation>{n} notices</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="472"/>
        <source>读取失败：{msg}</source>
        <translation>Could not load: {msg}</translation>
    </message>
    <message>
        <location filename="../../ui/notices.py" line="566"/>
        <source>删除草稿《{title}》？</source>
        <translation>Delete the draft &quot;{title}&quot;?</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../ui/operations.py" line="30"/>
        <source>无法完成操作</source>
        <translation>Cannot complete the action</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="35"/>
        <source>出错了</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="36"/>
        <source>操作失败，数据未作改动：</source>
        <translation>The operation failed; no data was changed: </translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="91"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="96"/>
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>PaperDialog</name>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="326"/>
        <source>登记纸质来文</source>
        <translation>Register paper document</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="330"/>
        <source>如：塔山市应急管理局</source>
        <translation>e.g. Tashan Municipal Emergency Management Bureau</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="333"/>
        <source>如：塔应急发〔2026〕15号（无则不填）</source>
        <translation>e.g. 塔应急发〔2026〕15号 (leave empty if none)</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="337"/>
        <source> 份</source>
        <translation> copies</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="344"/>
        <source>设定办理时限</source>
        <translation>Set a deadline</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="358"/>
        <source>登记</source>
        <translation>Register</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="359"/>
        <source>来文单位：</source>
        <translation>Sending unit:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="360"/>
        <source>来文字号：</source>
        <translation>Document number:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="361"/>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="362"/>
        <source>文种：</source>
        <translation>Document type:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="363"/>
        <source>密级：</source>
        <translation>Classification:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="364"/>
        <source>紧急程度：</source>
        <translation>Urgency:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="365"/>
        <source>份数：</source>
        <translation>Copies:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="366"/>
        <source>收文日期：</source>
        <translation>Date received:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="367"/>
        <source>办理时限：</source>
        <translation>Deadline:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="374"/>
        <source>请填写来文单位</source>
        <translation>Please enter the sending unit</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="388"/>
        <source>办理时限不能早于收文日期</source>
        <translation>The deadline cannot be earlier than the date received</translation>
    </message>
</context>
<context>
    <name>PdfPreview</name>
    <message>
        <location filename="../../ui/pdf_preview.py" line="68"/>
        <source>预览 — 政通办公</source>
        <translation>Preview — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="86"/>
        <source>正在生成…</source>
        <translation>Generating…</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="90"/>
        <source>缩小</source>
        <translation>Zoom out</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="91"/>
        <source>放大</source>
        <translation>Zoom in</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="92"/>
        <source>适合宽度</source>
        <translation>Fit width</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="93"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="94"/>
        <source>另存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="138"/>
        <source>正在排版…</source>
        <translation>Laying out…</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="145"/>
        <source>预览：{title} — 政通办公</source>
        <translation>Preview: {title} — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="151"/>
        <source>PDF 文件无法打开（可能已损坏）</source>
        <translation>The PDF file cannot be opened (it may be damaged)</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="154"/>
        <source>共 {n} 页</source>
        <translation>{n} pages</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="161"/>
        <source>出错了：{e}</source>
        <translation>Something went wrong: {e}</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="163"/>
        <source>无法生成预览：{reason}</source>
        <translation>Cannot generate the preview: {reason}</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="200"/>
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="216"/>
        <source>无法打印</source>
        <translation>Cannot print</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="216"/>
        <source>打印机无法开始打印，请检查打印机。</source>
        <translation>The printer could not start printing. Please check the printer.</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="240"/>
        <source>另存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="242"/>
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="254"/>
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../ui/pdf_preview.py" line="255"/>
        <source>无法保存到 {path}：{reason}</source>
        <translation>Cannot save to {path}: {reason}</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <location filename="../../ui/models.py" line="54"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="55"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="56"/>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="57"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="58"/>
        <source>角色</source>
        <translation>Roles</translation>
    </message>
</context>
<context>
    <name>PeoplePicker</name>
    <message>
        <location filename="../../ui/action_dialog.py" line="66"/>
        <source>搜索姓名或拼音首字母</source>
        <translation>Search name or pinyin initials</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="71"/>
        <source>尚未选择</source>
        <translation>Nobody chosen yet</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="116"/>
        <source>已选：{names}</source>
        <translation>Chosen: {names}</translation>
    </message>
</context>
<context>
    <name>PersonChooser</name>
    <message>
        <location filename="../../ui/minutes_editor.py" line="96"/>
        <location filename="../../ui/minutes_editor.py" line="108"/>
        <source>未选择</source>
        <translation>Nobody chosen</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="98"/>
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="119"/>
        <source>（已删除）</source>
        <translation>(deleted)</translation>
    </message>
    <message>
        <location filename="../../ui/minutes_editor.py" line="131"/>
        <source>选择人员</source>
        <translation>Choose a person</translation>
    </message>
</context>
<context>
    <name>ReceiptFormBuilder</name>
    <message>
        <location filename="../../ui/notice_editors.py" line="294"/>
        <source>＋ 添加回执项</source>
        <translation>+ Add reply field</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="297"/>
        <source>不添加项目时，接收人只需点“确认收到”。</source>
        <translation>Without fields, recipients only click &quot;Acknowledge receipt&quot;.</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="301"/>
        <source>回执截止：</source>
        <translation>Reply deadline:</translation>
    </message>
</context>
<context>
    <name>ReceiptFormWidget</name>
    <message>
        <location filename="../../ui/notice_window.py" line="113"/>
        <source>请选择</source>
        <translation>Please choose</translation>
    </message>
    <message>
        <location filename="../../ui/notice_window.py" line="139"/>
        <source>填写数字</source>
        <translation>Enter a number</translation>
    </message>
</context>
<context>
    <name>RecipientPicker</name>
    <message>
        <location filename="../../ui/notice_recipients.py" line="72"/>
        <source>将当前选择存为分组…</source>
        <translation>Save the current selection as a group…</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="75"/>
        <source>删除分组</source>
        <translation>Delete group</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="91"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="92"/>
        <source>人员</source>
        <translation>Person</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="93"/>
        <location filename="../../ui/notice_recipients.py" line="224"/>
        <source>常用分组</source>
        <translation>Saved groups</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="94"/>
        <location filename="../../ui/notice_recipients.py" line="210"/>
        <source>尚未选择接收范围</source>
        <translation>No recipients chosen yet</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="114"/>
        <source>{name}及其内设科室的全体人员</source>
        <translation>Everyone in {name} and its internal departments</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="132"/>
        <source>{u} 个单位、{p} 人</source>
        <translation>{u} units, {p} people</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="203"/>
        <source>单位：{names}</source>
        <translation>Units: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="206"/>
        <source>人员：{names}</source>
        <translation>People: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="209"/>
        <source>分组：{names}</source>
        <translation>Groups: {names}</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="224"/>
        <source>请先勾选要存入分组的单位或人员</source>
        <translation>First tick the units or people to save in the group</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="227"/>
        <source>存为常用分组</source>
        <translation>Save as group</translation>
    </message>
    <message>
        <location filename="../../ui/notice_recipients.py" line="227"/>
        <source>分组名称：</source>
        <translation>Group name:</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../ui/conflicts.py" line="364"/>
        <source>同步冲突与被拒绝的更改 — 政通办公</source>
        <translation>Sync conflicts and rejected changes — ZhengTong Office</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../ui/conflicts.py" line="124"/>
        <source>同步冲突与被拒绝的更改</source>
        <translation>Sync conflicts and rejected changes</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="128"/>
        <source>服务器拒绝的更改没有生效，本机已恢复为服务器上的内容；冲突中被覆盖的值仍保存在这里。处理结果会在下次同步时发送到服务器。</source>
        <translation>Changes the server rejected did not take effect and this computer shows the server&apos;s content again; values overwritten in a conflict are kept here. What you decide is sent to the server with the next sync.</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="137"/>
        <location filename="../../ui/conflicts.py" line="143"/>
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="137"/>
        <source>尝试的更改</source>
        <translation>Attempted change</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="137"/>
        <source>服务器的理由</source>
        <translation>Server&apos;s reason</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="144"/>
        <source>字段</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="145"/>
        <source>保留的值</source>
        <translation>Kept value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="146"/>
        <source>被覆盖的值</source>
        <translation>Overwritten value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="147"/>
        <source>修改人</source>
        <translation>Edited by</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="148"/>
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="155"/>
        <source>保留：{kept}；被覆盖：{lost}</source>
        <translation>kept: {kept}; overwritten: {lost}</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="182"/>
        <source>重新提交</source>
        <translation>Resubmit</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="183"/>
        <source>把这条更改重新排入待同步队列，由服务器再次判断</source>
        <translation>Queue this change again for the server to decide anew</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="185"/>
        <source>放弃</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="186"/>
        <source>放弃本机的这条更改，保留服务器上的内容</source>
        <translation>Discard this local change and keep the server&apos;s content</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="188"/>
        <source>采用被覆盖的值</source>
        <translation>Use overwritten value</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="189"/>
        <source>以被覆盖的值再修改一次该记录，并标记为已处理</source>
        <translation>Edit the record again with the overwritten value and mark this handled</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="191"/>
        <source>标记为已处理</source>
        <translation>Mark as handled</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="192"/>
        <source>保留现在的值，不再提示这处冲突</source>
        <translation>Keep the current value and stop showing this conflict</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="199"/>
        <source>被拒绝的更改</source>
        <translation>Rejected changes</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="202"/>
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="245"/>
        <source>被拒绝的更改（{n}）</source>
        <translation>Rejected changes ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="246"/>
        <source>同步冲突（{n}）</source>
        <translation>Sync conflicts ({n})</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="256"/>
        <source>&lt;p&gt;没有需要处理的同步冲突或被拒绝的更改。&lt;/p&gt;</source>
        <translation>&lt;p&gt;No sync conflicts or rejected changes to deal with.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="321"/>
        <source>已重新排入待同步队列，将在下次同步时提交</source>
        <translation>Queued again; it is sent with the next sync</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="329"/>
        <source>已放弃本机的更改</source>
        <translation>The local change was discarded</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="339"/>
        <source>已采用被覆盖的值，将在下次同步时提交</source>
        <translation>The overwritten value is used again; it is sent with the next sync</translation>
    </message>
    <message>
        <location filename="../../ui/conflicts.py" line="346"/>
        <source>已标记为已处理</source>
        <translation>Marked as handled</translation>
    </message>
</context>
<context>
    <name>RichTextEditor</name>
    <message>
        <location filename="../../ui/notice_editors.py" line="38"/>
        <source>黑色</source>
        <translation>Black</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="39"/>
        <source>红色</source>
        <translation>Red</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="40"/>
        <source>蓝色</source>
        <translation>Blue</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="41"/>
        <source>绿色</source>
        <translation>Green</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="84"/>
        <source>通知正文</source>
        <translation>Notice text</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="104"/>
        <source>加粗 (Ctrl+B)</source>
        <translation>Bold (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="105"/>
        <source>倾斜 (Ctrl+I)</source>
        <translation>Italic (Ctrl+I)</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="106"/>
        <source>下划线 (Ctrl+U)</source>
        <translation>Underline (Ctrl+U)</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="122"/>
        <source>编号列表</source>
        <translation>Numbered list</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="124"/>
        <source>项目符号列表</source>
        <translation>Bulleted list</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="129"/>
        <source>文字颜色</source>
        <translation>Text colour</translation>
    </message>
    <message>
        <location filename="../../ui/notice_editors.py" line="205"/>
        <source>{n} / {max} 字</source>
        <translation>{n} / {max} characters</translation>
    </message>
</context>
<context>
    <name>RoomsDialog</name>
    <message>
        <location filename="../../ui/rooms_admin.py" line="40"/>
        <source>会议室管理</source>
        <translation>Meeting rooms</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="70"/>
        <source>不限</source>
        <translation>Unlimited</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="72"/>
        <source>用顿号分隔，如：投影、视频会议、话筒</source>
        <translation>Separate with commas, e.g. Projector, Video conferencing, Microphone</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="73"/>
        <source>预订需要审批</source>
        <translation>Bookings need approval</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="77"/>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="78"/>
        <source>楼宇</source>
        <translation>Building</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="79"/>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="80"/>
        <source>容量（人）</source>
        <translation>Capacity (people)</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="81"/>
        <source>设备</source>
        <translation>Equipment</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="83"/>
        <source>审批人</source>
        <translation>Approvers</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="85"/>
        <source>新建会议室</source>
        <translation>New meeting room</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="87"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="90"/>
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="121"/>
        <source>需审批</source>
        <translation>Needs approval</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="122"/>
        <source>在用</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="122"/>
        <source>停用</source>
        <translation>Inactive</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="161"/>
        <source>无法保存</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../../ui/rooms_admin.py" line="161"/>
        <source>请填写会议室名称</source>
        <translation>Please enter the meeting room name</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <location filename="../../ui/doc_search.py" line="95"/>
        <source>公文检索 — 政通办公</source>
        <translation>Document search — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="107"/>
        <source>正文、标题、文号或单位中的字词，空格分隔</source>
        <translation>Words in the body text, title, document number or unit, separated by spaces</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="108"/>
        <source>标题中的字词</source>
        <translation>Words in the title</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="109"/>
        <source>如：塔政发、〔2026〕、12号</source>
        <translation>e.g. 塔政发, 〔2026〕, 12号</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="110"/>
        <source>来文单位或发文单位</source>
        <translation>Sending or issuing unit</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="113"/>
        <source>全部文种</source>
        <translation>All types</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="119"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="120"/>
        <source>收文</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="121"/>
        <source>发文</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="125"/>
        <location filename="../../ui/doc_search.py" line="126"/>
        <source>不限</source>
        <translation>Any</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="128"/>
        <source>检索</source>
        <translation>Search</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="132"/>
        <source>清空条件</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="139"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="140"/>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="141"/>
        <source>来文单位</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="142"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="143"/>
        <source>摘要</source>
        <translation>Excerpt</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="149"/>
        <source>输入条件后按“检索”</source>
        <translation>Enter criteria and press &quot;Search&quot;</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="160"/>
        <source>更多</source>
        <translation>More</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="181"/>
        <source>全文：</source>
        <translation>Full text:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="182"/>
        <source>标题：</source>
        <translation>Title:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="183"/>
        <source>文号：</source>
        <translation>Number:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="184"/>
        <source>来文单位：</source>
        <translation>From:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="187"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="189"/>
        <source>文种：</source>
        <translation>Type:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="190"/>
        <source>范围：</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="191"/>
        <source>日期：</source>
        <translation>Date:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="230"/>
        <source>开始日期不能晚于结束日期</source>
        <translation>The start date cannot be later than the end date</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="255"/>
        <source>正在检索…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="281"/>
        <source>没有找到匹配的公文</source>
        <translation>No matching documents</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="287"/>
        <source>共 {total} 件，已显示 {n} 件</source>
        <translation>Showing {n} of {total} documents</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="290"/>
        <source>已显示 {n} 件，还有更多</source>
        <translation>Showing {n} documents; there are more</translation>
    </message>
    <message>
        <location filename="../../ui/doc_search.py" line="292"/>
        <source>共 {n} 件</source>
        <translation>{n} documents</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <location filename="../../ui/sections.py" line="32"/>
        <source>工作台</source>
        <translation>Workbench</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="33"/>
        <source>收文</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="34"/>
        <source>发文</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="35"/>
        <source>会议</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="36"/>
        <source>通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="37"/>
        <source>通讯录</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="38"/>
        <source>设置</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../ui/settings.py" line="81"/>
        <source>还原</source>
        <translation>Revert</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="82"/>
        <source>放弃未保存的修改</source>
        <translation>Discard unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="84"/>
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="143"/>
        <source>无法写入配置文件：{error}</source>
        <translation>Cannot write the configuration: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="148"/>
        <source>已保存。界面语言将在重新启动后生效。</source>
        <translation>Saved. The language changes after a restart.</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="150"/>
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/meeting_signin.py" line="84"/>
        <source>会议签到</source>
        <translation>Meeting sign-in</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="98"/>
        <source>输入参会人员出示的 6 位签到码</source>
        <translation>Enter the 6-digit sign-in code shown by the attendee</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="101"/>
        <source>签到</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="111"/>
        <source>勾选到场人员即完成签到；本机离线时也可签到，联网后自动同步。</source>
        <translation>Tick the people present to sign them in; sign-in also works offline on this computer and syncs automatically once connected.</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="135"/>
        <source>签到：{t}</source>
        <translation>Sign-in: {t}</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="138"/>
        <source>应到 {e}&#x3000;实到 {p}&#x3000;迟到 {late}&#x3000;请假 {leave}&#x3000;缺席 {absent}</source>
        <translation>Expected {e} · Present {p} · Late {late} · On leave {leave} · Absent {absent}</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="152"/>
        <source>列席</source>
        <translation>Observers</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="159"/>
        <source>{t} 已签到</source>
        <translation>Signed in at {t}</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="161"/>
        <source>{n} 代为参会</source>
        <translation>{n} attending as delegate</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="163"/>
        <source>迟到</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="165"/>
        <source>请假</source>
        <translation>On leave</translation>
    </message>
    <message>
        <location filename="../../ui/meeting_signin.py" line="205"/>
        <source>请输入签到码</source>
        <translation>Please enter the sign-in code</translation>
    </message>
</context>
<context>
    <name>SpecPreview</name>
    <message>
        <location filename="../../ui/minutes_editor.py" line="83"/>
        <source>正在排版…</source>
        <translation>Laying out…</translation>
    </message>
</context>
<context>
    <name>SupervisionView</name>
    <message>
        <location filename="../../ui/doc_lists.py" line="285"/>
        <source>缓急</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="286"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="287"/>
        <source>收文编号</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="288"/>
        <source>主办</source>
        <translation>Lead</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="288"/>
        <source>未定</source>
        <translation>Not assigned</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="289"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="290"/>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="291"/>
        <source>剩余天数</source>
        <translation>Days left</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="293"/>
        <source>已催办</source>
        <translation>Reminded</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="294"/>
        <source>{n} 次</source>
        <translation>{n}×</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="302"/>
        <source>没有需要督办的公文</source>
        <translation>No documents need supervision</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="307"/>
        <source>催办…</source>
        <translation>Remind…</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="309"/>
        <source>办结</source>
        <translation>Mark as completed</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="322"/>
        <source>超期 {n} 天</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="323"/>
        <source>今日到期</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="323"/>
        <source>剩 {n} 天</source>
        <translation>{n} days left</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="334"/>
        <source>议定事项《{item}》出自会议“{meeting}”，可在会议中查看纪要</source>
        <translation>The decided item &quot;{item}&quot; comes from the meeting &quot;{meeting}&quot;; open the meeting to see the minutes</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="351"/>
        <source>已办结《{item}》，同步后从督办清单移除</source>
        <translation>&quot;{item}&quot; completed; it leaves the supervision list after the sync</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="368"/>
        <location filename="../../ui/doc_lists.py" line="372"/>
        <source>催办</source>
        <translation>Reminder</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="369"/>
        <source>催办《{title}》（时限 {deadline}）。给承办人的话（可不填）：</source>
        <translation>Send a reminder about &quot;{title}&quot; (deadline {deadline}). Message to the handler (optional):</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="374"/>
        <source>请抓紧办理</source>
        <translation>Please deal with this promptly</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="377"/>
        <source>已催办，同步后提醒承办人</source>
        <translation>Reminder sent; the handler is notified after the sync</translation>
    </message>
</context>
<context>
    <name>TextPrompt</name>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="415"/>
        <source>{title} — 政通办公</source>
        <translation>{title} — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="431"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ToSignView</name>
    <message>
        <location filename="../../ui/doc_lists.py" line="214"/>
        <source>缓急</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="215"/>
        <source>来文单位</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="216"/>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="217"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="218"/>
        <source>主送/抄送</source>
        <translation>To/Cc</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="219"/>
        <source>发送时间</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="222"/>
        <source>没有待签收的公文</source>
        <translation>No documents to sign for</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="225"/>
        <source>签收</source>
        <translation>Sign for</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="226"/>
        <source>拒收…</source>
        <translation>Refuse…</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="244"/>
        <source>已签收《{title}》，同步后进入收文登记</source>
        <translation>Signed for &quot;{title}&quot;; it goes to incoming registration after the sync</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="258"/>
        <location filename="../../ui/doc_lists.py" line="262"/>
        <source>拒收</source>
        <translation>Refuse</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="259"/>
        <source>拒收《{title}》，退回{unit}。请说明理由：</source>
        <translation>Refuse &quot;{title}&quot; and return it to {unit}. Please give the reason:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="264"/>
        <source>拒收须填写理由</source>
        <translation>Refusing needs a reason</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="265"/>
        <source>如：非我单位职责，请核实主送机关</source>
        <translation>e.g. Not within our remit; please check the main recipients</translation>
    </message>
    <message>
        <location filename="../../ui/doc_lists.py" line="268"/>
        <source>已拒收，同步后退回来文单位</source>
        <translation>Refused; it is returned to the sending unit after the sync</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="30"/>
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="32"/>
        <source>显示主窗口</source>
        <translation>Show main window</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="34"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>UnitChooser</name>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="203"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="203"/>
        <source>主送</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="203"/>
        <source>抄送</source>
        <translation>Cc</translation>
    </message>
</context>
<context>
    <name>WorkbenchView</name>
    <message>
        <location filename="../../ui/workbench.py" line="56"/>
        <source>上午好</source>
        <translation>Good morning</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="58"/>
        <source>中午好</source>
        <translation>Good day</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="60"/>
        <source>下午好</source>
        <translation>Good afternoon</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="61"/>
        <source>晚上好</source>
        <translation>Good evening</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="67"/>
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="68"/>
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="69"/>
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="70"/>
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="71"/>
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="72"/>
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="73"/>
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="148"/>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="149"/>
        <source>待阅</source>
        <translation>To read</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="150"/>
        <source>今日会议</source>
        <translation>Meetings today</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="151"/>
        <source>未读通知</source>
        <translation>Unread notices</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="158"/>
        <source>我的待办</source>
        <translation>My tasks</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="163"/>
        <source>暂无待办事项</source>
        <translation>Nothing to do</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="218"/>
        <source>{name}，{greeting}</source>
        <translation>{greeting}, {name}</translation>
    </message>
</context>
<context>
    <name>_DocForm</name>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="73"/>
        <source>{title} — 政通办公</source>
        <translation>{title} — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="83"/>
        <source>如：关于做好2026年汛期安全防范工作的通知</source>
        <translation>e.g. Notice on safety precautions for the 2026 flood season</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="90"/>
        <source>保密期限：</source>
        <translation>Secrecy period:</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="94"/>
        <source>一般</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="106"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="140"/>
        <source>非密</source>
        <translation>Unclassified</translation>
    </message>
    <message>
        <location filename="../../ui/doc_dialogs.py" line="150"/>
        <source>请填写标题</source>
        <translation>Please enter the title</translation>
    </message>
</context>
<context>
    <name>_ListPanel</name>
    <message>
        <location filename="../../ui/doc_lists.py" line="188"/>
        <source>读取失败：{msg}</source>
        <translation>Could not load: {msg}</translation>
    </message>
</context>
</TS>

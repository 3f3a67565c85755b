<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AboutPage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="288"/>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="290"/>
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="301"/>
        <source>版本：</source>
        <translation>Version:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="302"/>
        <source>配置文件夹：</source>
        <translation>Profile folder:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="303"/>
        <source>数据库：</source>
        <translation>Database:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="305"/>
        <source>打开配置文件夹</source>
        <translation>Open profile folder</translation>
    </message>
</context>
<context>
    <name>ActionDialog</name>
    <message>
        <location filename="../../ui/action_dialog.py" line="160"/>
        <source>{action} — 政通办公</source>
        <translation>{action} — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="166"/>
        <source>插入常用意见…</source>
        <translation>Insert a saved phrase…</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="170"/>
        <source>填写办理意见（可不填）</source>
        <translation>Your opinion (optional)</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="172"/>
        <source>常用意见：</source>
        <translation>Saved phrases:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="173"/>
        <source>意见：</source>
        <translation>Opinion:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="184"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="208"/>
        <source>请阅知</source>
        <translation>For your information</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="209"/>
        <source>传阅目的：</source>
        <translation>Purpose:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="213"/>
        <source>设定办理时限</source>
        <translation>Set a deadline</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="224"/>
        <source>请说明理由（必填）</source>
        <translation>Give the reason (required)</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="226"/>
        <source>理由：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="230"/>
        <source>答复来文单位的内容（必填）</source>
        <translation>Reply to the sending unit (required)</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="232"/>
        <source>答复内容：</source>
        <translation>Reply:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="237"/>
        <source>保管期限：</source>
        <translation>Retention:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="243"/>
        <source>承办人：
（第一位主办，其余协办）</source>
        <translation>Handlers:
(first leads, others assist)</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="245"/>
        <source>传阅人员：</source>
        <translation>Readers:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="246"/>
        <source>下一步办理人：</source>
        <translation>Next handler:</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="267"/>
        <source>请说明传阅目的</source>
        <translation>State the purpose of circulation</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="268"/>
        <source>{action}须填写理由</source>
        <translation>{action} needs a reason</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="269"/>
        <source>答复内容不能为空</source>
        <translation>The reply cannot be empty</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="295"/>
        <source>请选择承办人</source>
        <translation>Choose a handler</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="297"/>
        <source>请选择传阅人员</source>
        <translation>Choose the readers</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="299"/>
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
        <location filename="../../ui/statusbar.py" line="92"/>
        <source>查看同步冲突与被拒绝的更改</source>
        <translation>Show sync conflicts and rejected changes</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="97"/>
        <source>重新登录</source>
        <translation>Log in again</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="108"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="109"/>
        <location filename="../../ui/statusbar.py" line="141"/>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="141"/>
        <location filename="../../ui/statusbar.py" line="148"/>
        <source>尚未配置服务器</source>
        <translation>No server configured</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="158"/>
        <source>无法连接服务器：</source>
        <translation>Cannot reach the server: </translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="163"/>
        <source>登录已失效</source>
        <translation>Login expired</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="166"/>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="166"/>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="173"/>
        <source>从未同步</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="174"/>
        <source>上次同步：</source>
        <translation>Last sync: </translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="175"/>
        <source>待同步：</source>
        <translation>Pending: </translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="181"/>
        <source>冲突 {count}</source>
        <translation>Conflicts {count}</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="183"/>
        <source>{conflicts} 处冲突，{rejected} 条被拒绝的更改：点击查看</source>
        <translation>{conflicts} conflicts, {rejected} rejected changes: click to review</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="201"/>
        <source>同步中…</source>
        <translation>Syncing…</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="206"/>
        <source>同步中… {records} 条 · {size}</source>
        <translation>Syncing… {records} records · {size}</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="228"/>
        <source>登录已失效：请重新登录，未同步的更改已保留</source>
        <translation>Login expired: please log in again; unsynced changes are kept</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="233"/>
        <source>离线：暂时无法同步，更改已保留在本机</source>
        <translation>Offline: cannot sync now; changes are kept on this computer</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="235"/>
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
        <location filename="../../ui/app.py" line="206"/>
        <source>正在启动演示服务器并登录…</source>
        <translation>Starting the demo server and logging in…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="232"/>
        <source>需要登录：首次绘制计时只适用于已记住登录的配置文件</source>
        <translation>Login required: first-paint timing only works with a remembered login</translation>
    </message>
</context>
<context>
    <name>DocumentWindow</name>
    <message>
        <location filename="../../ui/document_window.py" line="210"/>
        <source>公文 — 政通办公</source>
        <translation>Document — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="239"/>
        <source>已超期</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="270"/>
        <source>文件名</source>
        <translation>File name</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="270"/>
        <source>大小</source>
        <translation>Size</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="274"/>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="274"/>
        <source>办理人</source>
        <translation>By</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="274"/>
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="274"/>
        <source>环节</source>
        <translation>Step</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="274"/>
        <source>说明</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="276"/>
        <source>公文信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="277"/>
        <source>正文</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="278"/>
        <source>附件</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="279"/>
        <source>办理单/意见</source>
        <translation>Opinions</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="280"/>
        <source>流转记录</source>
        <translation>History</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="311"/>
        <source>（无标题）</source>
        <translation>(untitled)</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="312"/>
        <source>{title} — 政通办公</source>
        <translation>{title} — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="315"/>
        <location filename="../../ui/document_window.py" line="337"/>
        <source>待编号</source>
        <translation>Not numbered yet</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="335"/>
        <source>文种</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="336"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="337"/>
        <source>发文字号</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="341"/>
        <source>收文编号</source>
        <translation>Registration number</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="342"/>
        <source>来文单位</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="343"/>
        <source>收文日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="347"/>
        <source>拟稿人</source>
        <translation>Drafted by</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="348"/>
        <source>主送</source>
        <translation>To</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="349"/>
        <source>抄送</source>
        <translation>Cc</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="352"/>
        <source>密级</source>
        <translation>Classification</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="352"/>
        <source>无</source>
        <translation>None</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="353"/>
        <source>紧急程度</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="353"/>
        <source>平件</source>
        <translation>Normal</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="354"/>
        <source>当前办理人</source>
        <translation>Current handler</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="358"/>
        <source>主办</source>
        <translation>Lead</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="359"/>
        <source>协办</source>
        <translation>Assisting</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="361"/>
        <source>办理时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="366"/>
        <source>归档号</source>
        <translation>Archive number</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="374"/>
        <source>：</source>
        <translation>:</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="381"/>
        <source>待同步</source>
        <translation>not yet synced</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="409"/>
        <source>交 {names}</source>
        <translation>to {names}</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="424"/>
        <source>已归档，只读</source>
        <translation>Archived, read-only</translation>
    </message>
    <message>
        <location filename="../../ui/document_window.py" line="426"/>
        <source>当前没有需要您办理的环节</source>
        <translation>Nothing here awaits you</translation>
    </message>
</context>
<context>
    <name>DocumentsModel</name>
    <message>
        <location filename="../../ui/documents.py" line="142"/>
        <location filename="../../ui/documents.py" line="152"/>
        <source>缓急</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="143"/>
        <location filename="../../ui/documents.py" line="154"/>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="144"/>
        <location filename="../../ui/documents.py" line="155"/>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="145"/>
        <source>来文单位</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="146"/>
        <location filename="../../ui/documents.py" line="156"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="147"/>
        <source>收文日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="148"/>
        <source>办理时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="153"/>
        <source>文种</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="157"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="161"/>
        <source>待编号</source>
        <translation>Not numbered yet</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="165"/>
        <source>{date}（已超期）</source>
        <translation>{date} (overdue)</translation>
    </message>
</context>
<context>
    <name>DocumentsView</name>
    <message>
        <location filename="../../ui/documents.py" line="308"/>
        <source>收文</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="308"/>
        <source>发文</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="314"/>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="314"/>
        <source>在办</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="314"/>
        <source>已办</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="314"/>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="319"/>
        <location filename="../../ui/documents.py" line="392"/>
        <source>文种</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="320"/>
        <source>全部文种</source>
        <translation>All types</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="325"/>
        <source>按标题或文号筛选</source>
        <translation>Filter by title or number</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="327"/>
        <source>筛选公文</source>
        <translation>Filter documents</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="333"/>
        <source>没有公文</source>
        <translation>No documents</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="391"/>
        <source>缓急</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="393"/>
        <source>文号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="394"/>
        <source>来文单位</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="395"/>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="396"/>
        <source>收文日期</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="397"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="398"/>
        <source>办理时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="450"/>
        <source>共 {n} 件</source>
        <translation>{n} documents</translation>
    </message>
    <message>
        <location filename="../../ui/documents.py" line="455"/>
        <source>读取失败：{msg}</source>
        <translation>Could not read: {msg}</translation>
    </message>
</context>
<context>
    <name>FontsPage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="189"/>
        <source>公文字体</source>
        <translation>Document fonts</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="192"/>
        <source>标题字体：</source>
        <translation>Title font:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="193"/>
        <source>正文字体：</source>
        <translation>Body font:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="194"/>
        <source>黑体（一级标题）：</source>
        <translation>Heiti (level-1 headings):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="195"/>
        <source>楷体（二级标题）：</source>
        <translation>Kaiti (level-2 headings):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="212"/>
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="226"/>
        <source>填写字体名称或选择字体文件（.ttf/.ttc）；留空时使用上面灰色显示的标准字体。未安装的字体以内置字体代替，打印效果可能与正式公文略有差异。</source>
        <translation>Enter a font family or choose a font file (.ttf/.ttc); leave empty for the standard font shown in grey. Missing fonts are replaced by the bundled font, so printouts may differ slightly from official documents.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="242"/>
        <source>字体文件不存在：{path}</source>
        <translation>Font file not found: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="263"/>
        <source>使用字体文件</source>
        <translation>Use a font file</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="265"/>
        <source>字体文件不存在</source>
        <translation>Font file not found</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="267"/>
        <source>已安装：{name}</source>
        <translation>Installed: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="269"/>
        <source>“{name}”未安装，将使用内置字体</source>
        <translation>&quot;{name}&quot; is not installed; the bundled font will be used</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="277"/>
        <source>选择字体文件</source>
        <translation>Choose a font file</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="279"/>
        <source>字体文件 (*.ttf *.ttc *.otf);;所有文件 (*)</source>
        <translation>Font files (*.ttf *.ttc *.otf);;All files (*)</translation>
    </message>
</context>
<context>
    <name>InterfacePage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="151"/>
        <source>界面</source>
        <translation>Interface</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="159"/>
        <source>语言：</source>
        <translation>Language:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="161"/>
        <source>更改语言后，需要重新启动政通办公才能生效。</source>
        <translation>A new language takes effect after ZhengTong Office restarts.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="91"/>
        <source>登录 — 政通办公</source>
        <translation>Log in — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="96"/>
        <source>例如 https://oa.example.gov.cn</source>
        <translation>e.g. https://oa.example.gov.cn</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="98"/>
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="101"/>
        <source>记住登录</source>
        <translation>Remember me</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="114"/>
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="118"/>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="143"/>
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="145"/>
        <source>公文 · 会议 · 通知&#x3000;离线也能办公</source>
        <translation>Documents · Meetings · Notices — works offline</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="163"/>
        <source>留空则只在本机离线登录</source>
        <translation>Leave empty to log in offline on this computer only</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="164"/>
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="165"/>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="166"/>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="189"/>
        <source>正在连接服务器并同步通讯录…</source>
        <translation>Connecting to the server and syncing the address book…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="200"/>
        <source>请填写服务器地址</source>
        <translation>Please enter the server address</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="235"/>
        <source>无法连接服务器，正在离线登录…</source>
        <translation>Cannot reach the server; logging in offline…</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="255"/>
        <source>无法连接服务器，离线登录也未成功：</source>
        <translation>Cannot reach the server, and the offline login failed too: </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="95"/>
        <location filename="../../ui/mainwindow.py" line="189"/>
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="219"/>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="220"/>
        <source>注销</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="223"/>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="227"/>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="237"/>
        <source>同步(&amp;S)</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="238"/>
        <source>同步冲突与被拒绝的更改…</source>
        <translation>Sync conflicts and rejected changes…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="241"/>
        <source>系统管理…</source>
        <translation>System administration…</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="244"/>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="245"/>
        <location filename="../../ui/mainwindow.py" line="356"/>
        <source>关于政通办公</source>
        <translation>About ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="247"/>
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="252"/>
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="278"/>
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="278"/>
        <source>尚未配置服务器</source>
        <translation>No server configured</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="357"/>
        <source>&lt;h3&gt;政通办公 {version}&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;ZhengTong Office {version}&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="358"/>
        <source>&lt;p&gt;面向政府机关的离线优先办公客户端：公文流转、会议管理、通知发送。&lt;/p&gt;</source>
        <translation>&lt;p&gt;An offline-first office client for government agencies: official documents, meetings and notices.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="83"/>
        <source>服务器与网络</source>
        <translation>Server and network</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="88"/>
        <source>不使用代理时留空，例如 http://10.1.1.1:8080</source>
        <translation>Leave empty for no proxy, e.g. http://10.1.1.1:8080</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="90"/>
        <source>使用系统证书时留空</source>
        <translation>Leave empty to use the system certificates</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="91"/>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="101"/>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="105"/>
        <source>服务器地址：</source>
        <translation>Server address:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="106"/>
        <source>代理：</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="107"/>
        <source>CA 证书文件：</source>
        <translation>CA bundle:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="108"/>
        <source>自动同步间隔：</source>
        <translation>Sync every:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="113"/>
        <source>服务器地址由本单位信息化管理员提供，一般为政务外网地址。离线时所做的修改会在下次同步时提交，不会丢失。</source>
        <translation>Your IT administrator provides the server address, usually on the government extranet. Changes made offline are sent at the next sync and are never lost.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="138"/>
        <source>选择 CA 证书文件</source>
        <translation>Choose a CA bundle</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="140"/>
        <source>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
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
    <name>PeopleModel</name>
    <message>
        <location filename="../../ui/models.py" line="52"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="53"/>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="54"/>
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="55"/>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="56"/>
        <source>角色</source>
        <translation>Roles</translation>
    </message>
</context>
<context>
    <name>PeoplePicker</name>
    <message>
        <location filename="../../ui/action_dialog.py" line="78"/>
        <source>搜索姓名或拼音首字母</source>
        <translation>Search name or pinyin initials</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="83"/>
        <source>尚未选择</source>
        <translation>Nobody chosen yet</translation>
    </message>
    <message>
        <location filename="../../ui/action_dialog.py" line="128"/>
        <source>已选：{names}</source>
        <translation>Chosen: {names}</translation>
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
    <name>Sections</name>
    <message>
        <location filename="../../ui/sections.py" line="34"/>
        <source>工作台</source>
        <translation>Workbench</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="37"/>
        <source>收文</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="39"/>
        <location filename="../../ui/sections.py" line="45"/>
        <source>公文流转功能将在后续版本提供</source>
        <translation>Document circulation will come in a later version</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="43"/>
        <source>发文</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="49"/>
        <source>会议</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="51"/>
        <source>会议管理功能将在后续版本提供</source>
        <translation>Meeting management will come in a later version</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="55"/>
        <source>通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="57"/>
        <source>通知发送功能将在后续版本提供</source>
        <translation>Notices will come in a later version</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="59"/>
        <source>通讯录</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="60"/>
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
</TS>

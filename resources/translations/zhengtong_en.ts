<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AboutPage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="288" />
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="290" />
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="301" />
        <source>版本：</source>
        <translation>Version:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="302" />
        <source>配置文件夹：</source>
        <translation>Profile folder:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="303" />
        <source>数据库：</source>
        <translation>Database:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="305" />
        <source>打开配置文件夹</source>
        <translation>Open profile folder</translation>
    </message>
</context>
<context>
    <name>AddressBookView</name>
    <message>
        <location filename="../../ui/addressbook.py" line="83" />
        <location filename="../../ui/addressbook.py" line="298" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="88" />
        <source>搜索姓名、拼音首字母（如 zhs）或电话</source>
        <translation>Search by name, pinyin initials (e.g. zhs) or phone</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="90" />
        <source>搜索人员</source>
        <translation>Search people</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="97" />
        <source>没有找到匹配的人员</source>
        <translation>No matching people</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="209" />
        <source>全部单位</source>
        <translation>All units</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="244" />
        <source>机关代字：{code}</source>
        <translation>Issuing code: {code}</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="267" />
        <source>共 {n} 人</source>
        <translation>{n} people</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="274" />
        <source>读取失败：{msg}</source>
        <translation>Could not load: {msg}</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="288" />
        <source>选择一位人员查看详细信息</source>
        <translation>Select a person to see the details</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="299" />
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="300" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="301" />
        <source>角色</source>
        <translation>Roles</translation>
    </message>
    <message>
        <location filename="../../ui/addressbook.py" line="307" />
        <source>：</source>
        <translation>: </translation>
    </message>
</context>
<context>
    <name>AppStatusBar</name>
    <message>
        <location filename="../../ui/statusbar.py" line="80" />
        <source>尚未配置服务器</source>
        <translation>No server configured</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="90" />
        <source>无法连接服务器：</source>
        <translation>Cannot reach the server: </translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="95" />
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="95" />
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="102" />
        <source>从未同步</source>
        <translation>never</translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="103" />
        <source>上次同步：</source>
        <translation>Last sync: </translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="104" />
        <source>待同步：</source>
        <translation>Pending: </translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <location filename="../../ui/app.py" line="83" />
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="185" />
        <source>正在创建演示数据…</source>
        <translation>Creating the demo data…</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="202" />
        <source>需要登录：首次绘制计时只适用于已记住登录的配置文件</source>
        <translation>Login required: first-paint timing only works with a remembered login</translation>
    </message>
</context>
<context>
    <name>FontsPage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="189" />
        <source>公文字体</source>
        <translation>Document fonts</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="192" />
        <source>标题字体：</source>
        <translation>Title font:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="193" />
        <source>正文字体：</source>
        <translation>Body font:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="194" />
        <source>黑体（一级标题）：</source>
        <translation>Heiti (level-1 headings):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="195" />
        <source>楷体（二级标题）：</source>
        <translation>Kaiti (level-2 headings):</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="212" />
        <source>选择文件…</source>
        <translation>Choose file…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="226" />
        <source>填写字体名称或选择字体文件（.ttf/.ttc）；留空时使用上面灰色显示的标准字体。未安装的字体以内置字体代替，打印效果可能与正式公文略有差异。</source>
        <translation>Enter a font family or choose a font file (.ttf/.ttc); leave empty for the standard font shown in grey. Missing fonts are replaced by the bundled font, so printouts may differ slightly from official documents.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="242" />
        <source>字体文件不存在：{path}</source>
        <translation>Font file not found: {path}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="263" />
        <source>使用字体文件</source>
        <translation>Use a font file</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="265" />
        <source>字体文件不存在</source>
        <translation>Font file not found</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="267" />
        <source>已安装：{name}</source>
        <translation>Installed: {name}</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="269" />
        <source>“{name}”未安装，将使用内置字体</source>
        <translation>"{name}" is not installed; the bundled font will be used</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="277" />
        <source>选择字体文件</source>
        <translation>Choose a font file</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="279" />
        <source>字体文件 (*.ttf *.ttc *.otf);;所有文件 (*)</source>
        <translation>Font files (*.ttf *.ttc *.otf);;All files (*)</translation>
    </message>
</context>
<context>
    <name>InterfacePage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="151" />
        <source>界面</source>
        <translation>Interface</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="159" />
        <source>语言：</source>
        <translation>Language:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="161" />
        <source>更改语言后，需要重新启动政通办公才能生效。</source>
        <translation>A new language takes effect after ZhengTong Office restarts.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="39" />
        <source>登录 — 政通办公</source>
        <translation>Log in — ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="44" />
        <source>例如 https://oa.example.gov.cn</source>
        <translation>e.g. https://oa.example.gov.cn</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="46" />
        <source>登录名</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="49" />
        <source>记住登录</source>
        <translation>Remember me</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="59" />
        <source>登录</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="63" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="87" />
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="89" />
        <source>公文 · 会议 · 通知　离线也能办公</source>
        <translation>Documents · Meetings · Notices — works offline</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="107" />
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="108" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="109" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/mainwindow.py" line="81" />
        <location filename="../../ui/mainwindow.py" line="166" />
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="196" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="197" />
        <source>注销</source>
        <translation>Log out</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="200" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="204" />
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="214" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="215" />
        <location filename="../../ui/mainwindow.py" line="263" />
        <source>关于政通办公</source>
        <translation>About ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="217" />
        <source>工具栏</source>
        <translation>Toolbar</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="222" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="233" />
        <source>立即同步 (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="233" />
        <source>尚未配置服务器</source>
        <translation>No server configured</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="253" />
        <source>同步功能将在后续版本提供</source>
        <translation>Sync will come in a later version</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="264" />
        <source>&lt;h3&gt;政通办公 {version}&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;ZhengTong Office {version}&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/mainwindow.py" line="265" />
        <source>&lt;p&gt;面向政府机关的离线优先办公客户端：公文流转、会议管理、通知发送。&lt;/p&gt;</source>
        <translation>&lt;p&gt;An offline-first office client for government agencies: official documents, meetings and notices.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <location filename="../../ui/settings_pages.py" line="83" />
        <source>服务器与网络</source>
        <translation>Server and network</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="88" />
        <source>不使用代理时留空，例如 http://10.1.1.1:8080</source>
        <translation>Leave empty for no proxy, e.g. http://10.1.1.1:8080</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="90" />
        <source>使用系统证书时留空</source>
        <translation>Leave empty to use the system certificates</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="91" />
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="101" />
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="105" />
        <source>服务器地址：</source>
        <translation>Server address:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="106" />
        <source>代理：</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="107" />
        <source>CA 证书文件：</source>
        <translation>CA bundle:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="108" />
        <source>自动同步间隔：</source>
        <translation>Sync every:</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="113" />
        <source>服务器地址由本单位信息化管理员提供，一般为政务外网地址。离线时所做的修改会在下次同步时提交，不会丢失。</source>
        <translation>Your IT administrator provides the server address, usually on the government extranet. Changes made offline are sent at the next sync and are never lost.</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="138" />
        <source>选择 CA 证书文件</source>
        <translation>Choose a CA bundle</translation>
    </message>
    <message>
        <location filename="../../ui/settings_pages.py" line="140" />
        <source>证书文件 (*.pem *.crt *.cer);;所有文件 (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../ui/operations.py" line="30" />
        <source>无法完成操作</source>
        <translation>Cannot complete the action</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="35" />
        <source>出错了</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="36" />
        <source>操作失败，数据未作改动：</source>
        <translation>The operation failed; no data was changed: </translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="91" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../../ui/operations.py" line="96" />
        <source>请稍候</source>
        <translation>Please wait</translation>
    </message>
</context>
<context>
    <name>PeopleModel</name>
    <message>
        <location filename="../../ui/models.py" line="52" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="53" />
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="54" />
        <source>职务</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="55" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="56" />
        <source>角色</source>
        <translation>Roles</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <location filename="../../ui/sections.py" line="34" />
        <source>工作台</source>
        <translation>Workbench</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="37" />
        <source>收文</source>
        <translation>Incoming</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="39" />
        <location filename="../../ui/sections.py" line="45" />
        <source>公文流转功能将在后续版本提供</source>
        <translation>Document circulation will come in a later version</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="43" />
        <source>发文</source>
        <translation>Outgoing</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="49" />
        <source>会议</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="51" />
        <source>会议管理功能将在后续版本提供</source>
        <translation>Meeting management will come in a later version</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="55" />
        <source>通知</source>
        <translation>Notices</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="57" />
        <source>通知发送功能将在后续版本提供</source>
        <translation>Notices will come in a later version</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="59" />
        <source>通讯录</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location filename="../../ui/sections.py" line="60" />
        <source>设置</source>
        <translation>Settings</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <location filename="../../ui/settings.py" line="81" />
        <source>还原</source>
        <translation>Revert</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="82" />
        <source>放弃未保存的修改</source>
        <translation>Discard unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="84" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="143" />
        <source>无法写入配置文件：{error}</source>
        <translation>Cannot write the configuration: {error}</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="148" />
        <source>已保存。界面语言将在重新启动后生效。</source>
        <translation>Saved. The language changes after a restart.</translation>
    </message>
    <message>
        <location filename="../../ui/settings.py" line="150" />
        <source>已保存。</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="30" />
        <source>政通办公</source>
        <translation>ZhengTong Office</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="32" />
        <source>显示主窗口</source>
        <translation>Show main window</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="34" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>WorkbenchView</name>
    <message>
        <location filename="../../ui/workbench.py" line="56" />
        <source>上午好</source>
        <translation>Good morning</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="58" />
        <source>中午好</source>
        <translation>Good day</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="60" />
        <source>下午好</source>
        <translation>Good afternoon</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="61" />
        <source>晚上好</source>
        <translation>Good evening</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="67" />
        <source>星期一</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="68" />
        <source>星期二</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="69" />
        <source>星期三</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="70" />
        <source>星期四</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="71" />
        <source>星期五</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="72" />
        <source>星期六</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="73" />
        <source>星期日</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="148" />
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="149" />
        <source>待阅</source>
        <translation>To read</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="150" />
        <source>今日会议</source>
        <translation>Meetings today</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="151" />
        <source>未读通知</source>
        <translation>Unread notices</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="158" />
        <source>我的待办</source>
        <translation>My tasks</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="163" />
        <source>暂无待办事项</source>
        <translation>Nothing to do</translation>
    </message>
    <message>
        <location filename="../../ui/workbench.py" line="218" />
        <source>{name}，{greeting}</source>
        <translation>{greeting}, {name}</translation>
    </message>
</context>
</TS>
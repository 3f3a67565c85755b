; Inno Setup script for the Windows installer of 政通办公 (ZhengTong Office).
; Build on Windows after the bundle (build/README.md):  iscc build\windows\zhengtong.iss
; Needs Inno Setup 6.5 or newer: it ships the Chinese Simplified messages (ChineseSimplified.isl)
; and knows "x64compatible". Output: dist\zhengtong-<version>-setup.exe.

#define AppName "政通办公"
#define AppNameEn "ZhengTong Office"
#define AppExe "zhengtong.exe"
#define DistDir "..\..\dist\zhengtong"
; The one version (app/__init__.py), read back from the version resource the spec stamped.
#define AppVersion GetStringFileInfo(DistDir + "\" + AppExe, "ProductVersion")

[Setup]
; Never change AppId: upgrades find the installed copy by it.
AppId={{3B6E2C1A-7F4D-4E8B-9A2C-5D1E0F6A8B37}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=政通办公开发组
VersionInfoVersion={#AppVersion}
; Per-user by default (clerks rarely have administrator rights); an administrator may choose
; "all users" in the dialog, which installs under Program Files.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\ZhengTong
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 runs on Windows 10 and newer.
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename=zhengtong-{#AppVersion}-setup
SetupIconFile={#DistDir}\zhengtong.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade while the client runs: ask it to close (the Restart Manager), never overwrite a
; running program's files.
CloseApplications=yes
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.DeleteUserData=是否同时删除本机上的政通办公用户数据（配置文件夹、本地数据库和已下载的附件）？%n%n未同步到服务器的更改将无法找回。一般情况下请选择“否”。
english.DeleteUserData=Also delete ZhengTong Office user data on this computer (profiles, local databases and downloaded attachments)?%n%nChanges not yet synced to the server cannot be recovered. Usually answer No.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the program's modules wholesale (no stale files of the old version).
; Users' data is elsewhere (%LOCALAPPDATA%\zhengtong) and is not touched: the new version
; migrates each profile, after a backup, when it first opens it.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppNameEn}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
// Uninstalling keeps users' data unless the user asks, answering a question whose default is
// "No"; a silent uninstall (/SILENT, software distribution tools) always keeps it.
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\zhengtong');
    if DirExists(DataDir) and not UninstallSilent() then
      if MsgBox(CustomMessage('DeleteUserData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;

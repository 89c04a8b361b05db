; Windows: "Open in Claude Code Runner" on folders (Explorer context menu on a folder and on a
; folder's background), for the current user's install scope. Removed again on uninstall.
!macro customInstall
  WriteRegStr SHCTX "Software\Classes\Directory\shell\ClaudeCodeRunner" "" "Open in Claude Code Runner"
  WriteRegStr SHCTX "Software\Classes\Directory\shell\ClaudeCodeRunner" "Icon" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHCTX "Software\Classes\Directory\shell\ClaudeCodeRunner\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
  WriteRegStr SHCTX "Software\Classes\Directory\Background\shell\ClaudeCodeRunner" "" "Open in Claude Code Runner"
  WriteRegStr SHCTX "Software\Classes\Directory\Background\shell\ClaudeCodeRunner" "Icon" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}",0'
  WriteRegStr SHCTX "Software\Classes\Directory\Background\shell\ClaudeCodeRunner\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%V"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\Directory\shell\ClaudeCodeRunner"
  DeleteRegKey SHCTX "Software\Classes\Directory\Background\shell\ClaudeCodeRunner"
!macroend

# inline_html.cmake — the single-file demo: index.html with demo.css, loader.js and the
# SINGLE_FILE build's JavaScript (wasm and data embedded) and the training worker's script
# (a non-executed <script type="text/sdfc-worker">, started from a Blob) inlined, so one .html file
# opens from file:// with no server and no network.
#   cmake -DSHELL_DIR=web/shell -DJS=demo_single.js -DOUT=sdfc-demo.html -P inline_html.cmake
file(READ "${SHELL_DIR}/index.html" html)
file(READ "${SHELL_DIR}/demo.css" css)
file(READ "${SHELL_DIR}/loader.js" loader)
file(READ "${JS}" js)
file(READ "${WORKER}" worker)
string(REPLACE "<link rel=\"stylesheet\" href=\"demo.css\">" "<style>\n${css}</style>" html "${html}")
# The marker is replaced by: a flag telling loader.js not to fetch anything, the loader,
# then the program itself.
string(FIND "${html}" "<script src=\"loader.js\"></script>" at)
if(at LESS 0)
  message(FATAL_ERROR "inline_html.cmake: loader.js script tag not found in index.html")
endif()
string(REPLACE "</script>" "<\\/script>" js "${js}")
string(REPLACE "</script>" "<\\/script>" worker "${worker}")
string(REPLACE "<script src=\"loader.js\"></script>"
  "<script>window.SDFC_SINGLE_FILE = true;</script>\n<script type=\"text/sdfc-worker\" id=\"sdfc-worker\">\n${worker}</script>\n<script>\n${loader}</script>\n<script>\n${js}</script>"
  html "${html}")
file(WRITE "${OUT}" "${html}")

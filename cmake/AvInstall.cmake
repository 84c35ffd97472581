# The installed tree (docs/architecture.md, "The installed tree"):
#
#   include/auroraview/            the C headers (core, ipc, host plugin ABI, av_shim.h)
#   lib/libav_core.a, libav_ipc.a  the engine and the parent/child frame codec (static)
#   lib/libav_panel.a              a Qt WebEngine view wired to a core view (av_panel.h; link a shim)
#   lib/cmake/AuroraView/          find_package(AuroraView): AuroraView::core, ::panel, ::ipc, ::shim_qt6,
#                                  ::shim_qt5, ::shim_headers, ::host_plugin, ::host_plugin_api
#   lib/pkgconfig/auroraview.pc    pkg-config auroraview: core and ipc
#   lib/auroraview/                what a DCC host is pointed at, relocatable as one directory:
#     auroraview_host.so           the host plugin (finds python/ and demo/ beside itself)
#     python/auroraview/           the package, with _core.abi3.so and the shims beside it
#     demo/                        the outliner demo panel
#     maya/auroraview.mod          a Maya module file, paths relative to itself
#     houdini/auroraview.json      a Houdini package, paths relative to itself
#
# Components: python (the package: what `pip install` ships, see setup.py), host (the plugin,
# the demo, the Maya and Houdini files) and dev (headers, static libraries, CMake and pkg-config
# files). The CMake package names files of all three: install them all to use it.
include(CMakePackageConfigHelpers)

set(AV_INSTALL_HOSTDIR ${CMAKE_INSTALL_LIBDIR}/auroraview)
set(AV_INSTALL_PYTHONDIR ${AV_INSTALL_HOSTDIR}/python/auroraview)
set(AV_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/AuroraView)

# ---- dev: headers, the static libraries, the CMake package, the pkg-config file
install(DIRECTORY
    ${PROJECT_SOURCE_DIR}/plugin/core/include/
    ${PROJECT_SOURCE_DIR}/plugin/ipc/include/
    ${PROJECT_SOURCE_DIR}/plugin/panel/include/
    ${PROJECT_SOURCE_DIR}/plugin/host/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT dev)
set_target_properties(av_core PROPERTIES EXPORT_NAME core)
set_target_properties(av_ipc PROPERTIES EXPORT_NAME ipc)
install(TARGETS av_core av_ipc EXPORT AuroraViewTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)

if(TARGET av_shim_headers)
  install(FILES ${PROJECT_SOURCE_DIR}/shim/include/av_shim.h
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/auroraview COMPONENT dev)
  set_target_properties(av_shim_headers PROPERTIES EXPORT_NAME shim_headers)
  set_target_properties(av_panel PROPERTIES EXPORT_NAME panel)
  install(TARGETS av_shim_headers av_panel EXPORT AuroraViewTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT dev)
endif()

# ---- python: the package, _core and the shims beside it (python_pkg/auroraview/_shim.py)
if(TARGET av_python)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/python_pkg/auroraview/
    DESTINATION ${AV_INSTALL_PYTHONDIR} COMPONENT python
    PATTERN __pycache__ EXCLUDE PATTERN "*.pyc" EXCLUDE)
  install(TARGETS av_python LIBRARY DESTINATION ${AV_INSTALL_PYTHONDIR} COMPONENT python)
  foreach(major 6 5)
    if(TARGET av_shim_qt${major})
      set_target_properties(av_shim_qt${major} PROPERTIES EXPORT_NAME shim_qt${major})
      install(TARGETS av_shim_qt${major} EXPORT AuroraViewTargets
        LIBRARY DESTINATION ${AV_INSTALL_PYTHONDIR} COMPONENT python)
    endif()
  endforeach()
endif()

# ---- host: the plugin and its demo (the layout of plugin/host/src/av_host_paths.h), and the
# Maya and Houdini files
if(TARGET av_host_plugin)
  set_target_properties(av_host_plugin PROPERTIES EXPORT_NAME host_plugin)
  set_target_properties(av_host_plugin_api PROPERTIES EXPORT_NAME host_plugin_api)
  install(TARGETS av_host_plugin av_host_plugin_api EXPORT AuroraViewTargets
    LIBRARY DESTINATION ${AV_INSTALL_HOSTDIR} COMPONENT host)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/examples/outliner/
    DESTINATION ${AV_INSTALL_HOSTDIR}/demo COMPONENT host
    PATTERN __pycache__ EXCLUDE PATTERN "*.pyc" EXCLUDE)
endif()
if(TARGET av_python)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/auroraview.mod.in ${PROJECT_BINARY_DIR}/install/auroraview.mod @ONLY)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/auroraview.json.in ${PROJECT_BINARY_DIR}/install/auroraview.json @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/install/auroraview.mod DESTINATION ${AV_INSTALL_HOSTDIR}/maya COMPONENT host)
  install(FILES ${PROJECT_BINARY_DIR}/install/auroraview.json DESTINATION ${AV_INSTALL_HOSTDIR}/houdini COMPONENT host)
endif()

# ---- the CMake package
install(EXPORT AuroraViewTargets NAMESPACE AuroraView:: DESTINATION ${AV_INSTALL_CMAKEDIR} COMPONENT dev)
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/AuroraViewConfig.cmake.in
  ${PROJECT_BINARY_DIR}/install/AuroraViewConfig.cmake INSTALL_DESTINATION ${AV_INSTALL_CMAKEDIR})
# 0.x: a minor release may change the API.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/install/AuroraViewConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
    ${PROJECT_BINARY_DIR}/install/AuroraViewConfig.cmake
    ${PROJECT_BINARY_DIR}/install/AuroraViewConfigVersion.cmake
  DESTINATION ${AV_INSTALL_CMAKEDIR} COMPONENT dev)

# ---- the pkg-config file: relocatable (${pcfiledir}); the libraries are static, so what they
# need is in Libs and Requires, not in the .private fields
file(RELATIVE_PATH AV_PC_TO_PREFIX /root/${CMAKE_INSTALL_LIBDIR}/pkgconfig /root)
string(REGEX REPLACE "/$" "" AV_PC_TO_PREFIX "${AV_PC_TO_PREFIX}")
find_package(nanopb REQUIRED CONFIG)  # its targets are the ipc directory's; the library's path here
configure_file(${CMAKE_CURRENT_LIST_DIR}/auroraview.pc.in ${PROJECT_BINARY_DIR}/install/auroraview.pc.in @ONLY)
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/install/auroraview.pc INPUT ${PROJECT_BINARY_DIR}/install/auroraview.pc.in)
install(FILES ${PROJECT_BINARY_DIR}/install/auroraview.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)

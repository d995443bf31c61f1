# What `cmake --install` puts where (GNU install dirs, so -DCMAKE_INSTALL_PREFIX=/usr and
# DESTDIR work as Debian packaging expects):
#   bin/kmsprep                                 the tool
#   lib/<multiarch>/kmsprep/plugins/            step plugins (the sample one ships there)
#   include/kmsprep/kmsprep_plugin.h            the plugin SDK: the one stable ABI header,
#   share/pkgconfig/kmsprep-plugin.pc           with pkg-config and CMake files that find it
#   share/cmake/kmsprep-plugin/                 (architecture-independent: the SDK is a header)
#   share/man/man1/kmsprep*.1                   man pages, generated from the option tables
#   share/bash-completion/completions/kmsprep   bash and zsh completion, generated the same way
#   share/zsh/vendor-completions/_kmsprep
#   share/doc/kmsprep/                          README, docs/, JSON and JUnit schemas, samples
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(KMSPREP_PLUGIN_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/kmsprep/plugins)
set(KMSPREP_SDK_INCLUDE_DIR ${CMAKE_INSTALL_INCLUDEDIR}/kmsprep)

install(TARGETS kmsprep RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS kmsprep-sample-step LIBRARY DESTINATION ${KMSPREP_PLUGIN_INSTALL_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/plugin/kmsprep_plugin.h DESTINATION ${KMSPREP_SDK_INCLUDE_DIR})

# pkg-config: written at install time, so that its prefix is the one installed to
# (`cmake --install --prefix /usr`, or /usr inside the .deb), not the one configured; paths
# are absolute under it, as PKG_CONFIG_SYSROOT_DIR expects.
install(CODE "
  set(PROJECT_VERSION ${PROJECT_VERSION})
  set(CMAKE_INSTALL_INCLUDEDIR ${CMAKE_INSTALL_INCLUDEDIR})
  set(KMSPREP_PLUGIN_INSTALL_DIR ${KMSPREP_PLUGIN_INSTALL_DIR})
  configure_file(${PROJECT_SOURCE_DIR}/cmake/kmsprep-plugin.pc.in
                 ${PROJECT_BINARY_DIR}/install-time/kmsprep-plugin.pc @ONLY)")
install(FILES ${PROJECT_BINARY_DIR}/install-time/kmsprep-plugin.pc
        DESTINATION ${CMAKE_INSTALL_DATADIR}/pkgconfig)

# CMake: find_package(kmsprep-plugin) gives the interface target kmsprep::plugin_sdk.
set(KMSPREP_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/cmake/kmsprep-plugin)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/kmsprep-plugin-config.cmake.in
  ${PROJECT_BINARY_DIR}/kmsprep-plugin-config.cmake
  INSTALL_DESTINATION ${KMSPREP_CMAKE_INSTALL_DIR}
  PATH_VARS KMSPREP_SDK_INCLUDE_DIR KMSPREP_PLUGIN_INSTALL_DIR)
# The ABI version is the compatibility promise, not the tool's version: any kmsprep 0.x host
# with ABI 1 loads the plugin, so the package version file accepts the same major version.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/kmsprep-plugin-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES ${PROJECT_BINARY_DIR}/kmsprep-plugin-config.cmake
              ${PROJECT_BINARY_DIR}/kmsprep-plugin-config-version.cmake
        DESTINATION ${KMSPREP_CMAKE_INSTALL_DIR})

# Written by the kmsprep binary at build time (cli/CMakeLists.txt).
install(DIRECTORY ${PROJECT_BINARY_DIR}/share/man1/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_BINARY_DIR}/share/bash-completion/kmsprep
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${PROJECT_BINARY_DIR}/share/zsh/_kmsprep
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)

install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CONTRIBUTING.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/samples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/samples)

# `cpack -G DEB` (scripts/package wraps it): a Debian package of what cmake/Install.cmake
# installs. Its Depends line is computed by dpkg-shlibdeps from the libraries the binary and the
# sample plugin really link (dpkg-dev), so it cannot fall out of step with the build. ldns is
# dlopen()ed (servicing/ldns_library.cpp), as are libarchive and libudfread (image/), hivex
# (registry/) and libevtx (events/); dpkg-shlibdeps cannot see those, so they are named by hand.
set(CPACK_PACKAGE_NAME kmsprep)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "kmsprep")
set(CPACK_PACKAGE_CONTACT "kmsprep maintainers <kmsprep@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "prepare Windows deployment images for KMS volume activation offline")
set(CPACK_PACKAGE_DESCRIPTION
    "kmsprep services Windows images (WIM, ISO) from Linux: installs KMS client keys,\n\
configures the KMS host, generalizes, validates the result against a KMS client engine and\n\
reports in text, JSON, JUnit and CMTrace formats.")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # kmsprep_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libldns3, libarchive13, libudfread0, libhivex0, libevtx1")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "man-db, bash-completion")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "wimtools, dnsmasq-base")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)

set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/build/;/\\\\.git/")
include(CPack)

# Test files of the Windows modules that do not build or run on Windows yet, each with why.
# A file leaves this list when its POSIX calls go through core/file_system or a test helper.
set(KMSPREP_TESTS_NOT_ON_WINDOWS
  core/atomic_replacement_test.cpp  # forks and kills writers (sys/wait.h), POSIX modes
  core/file_io_test.cpp             # pipes and O_CLOEXEC descriptors
  core/log_test.cpp                 # setenv for the time zone
  core/memory_file_test.cpp         # O_CLOEXEC descriptors, /proc/self/fd names
  # image: the Windows suite has no kmsprep binary yet, no strace, and none of the tools these
  # tests make or check their inputs with (bsdtar, gzip, genisoimage, zip, unzip, sh).
  image/archive_changed_test.cpp        # archives made with bsdtar
  image/archive_cli_test.cpp            # runs the kmsprep binary on archives made with bsdtar
  image/archive_image_test.cpp          # archives made with bsdtar; RLIMIT_FSIZE, POSIX modes
  image/archive_uncompressed_copy_test.cpp  # archives made with bsdtar, checked with gzip -d
  image/branch_paths_test.cpp           # the kmsprep binary under strace, flock on a directory
  image/crash_safety_test.cpp           # kills the kmsprep binary under strace
  image/directory_image_test.cpp        # POSIX modes, unistd.h; symbolic links (Wine 8 makes none)
  image/directory_race_test.cpp         # races the kmsprep binary under strace
  image/disc_image_test.cpp             # ISOs made with genisoimage
  image/io_failure_test.cpp             # injects I/O errors with strace
  image/put_onto_link_test.cpp          # symbolic links in a tree, bsdtar, the kmsprep binary
  image/staged_overlay_test.cpp         # archives, ISOs and trees made with bsdtar, genisoimage
  image/syscall_fallback_test.cpp       # makes copy_file_range and sendfile fail with strace
  image/wim_append_failure_test.cpp     # makes fsync fail with strace in the kmsprep binary
  image/wim_file_size_limit_test.cpp    # RLIMIT_FSIZE (setrlimit), which Windows lacks
  image/zip_rewrite_test.cpp            # zips made with Info-ZIP's zip through sh, unzip -t
  # registry: the Windows build has no hivex (hivex_library_windows_test.cpp checks its E903);
  # these build and read hives through it (tests/support/hive_builder, windows_installation).
  registry/hive_builder_test.cpp
  registry/hive_test.cpp
  registry/hostile_hive_test.cpp
  registry/installation_facts_test.cpp
  registry/kms_client_settings_test.cpp
  registry/registry_value_test.cpp
  registry/setup_state_test.cpp
  registry/unwritable_hive_test.cpp
  registry/windows_installation_test.cpp
  # events: the Windows build has no libevtx (evtx_library_windows_test.cpp checks its E903)
  events/evtx_reader_test.cpp       # reads .evtx files through libevtx
  events/hostile_export_test.cpp    # runs the kmsprep binary, which the Windows build lacks yet
  events/report_large_input_test.cpp  # fork, pipes and setrlimit (sys/wait.h, sys/resource.h)
  plugin/plugin_location_posix_test.cpp  # POSIX modes and owners (chmod, chown, geteuid)
)

# Test files of the Windows modules that do not build or run on Windows yet, each with why.
# A file leaves this list when its POSIX calls go through core/file_system or a test helper.
set(KMSPREP_TESTS_NOT_ON_WINDOWS
  core/atomic_replacement_test.cpp  # forks and kills writers (sys/wait.h), POSIX modes
  core/file_io_test.cpp             # pipes and O_CLOEXEC descriptors
  core/log_test.cpp                 # setenv for the time zone
  core/memory_file_test.cpp         # O_CLOEXEC descriptors, /proc/self/fd names
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

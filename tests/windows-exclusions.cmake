# Test files of the Windows modules that do not build or run on Windows yet, each with why.
# A file leaves this list when its POSIX calls go through core/file_system or a test helper.
set(KMSPREP_TESTS_NOT_ON_WINDOWS
  core/atomic_replacement_test.cpp  # forks and kills writers (sys/wait.h), POSIX modes
  core/file_io_test.cpp             # pipes and O_CLOEXEC descriptors
  core/log_test.cpp                 # setenv for the time zone
  core/memory_file_test.cpp         # O_CLOEXEC descriptors, /proc/self/fd names
  plugin/plugin_location_posix_test.cpp  # POSIX modes and owners (chmod, chown, geteuid)
)

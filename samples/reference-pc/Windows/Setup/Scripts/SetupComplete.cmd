@echo off
rem Site-specific first-logon tasks of the reference image.
net time /domain /set /y

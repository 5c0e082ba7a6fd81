"""Files in and out (输入输出): portfolio reading, exports, iCalendar, the command line."""

"""The monthly cycle (issue 12): activity as data, the month's agenda and the monthly report."""

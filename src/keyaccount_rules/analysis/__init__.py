"""Analysis of many customers (分析): columnar grading and policy comparison."""

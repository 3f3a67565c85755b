"""ZhengTong central server (issue [2])."""

"""HTTP layer: the account host, the data host, the admin API and the two uvicorn servers."""

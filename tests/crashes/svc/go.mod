module example.com/crashsvc

go 1.19

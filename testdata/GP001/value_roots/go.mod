module example.com/shipper

go 1.21

package debugsrv

import _ "net/http/pprof" // blank import in a sibling file of the serve calls

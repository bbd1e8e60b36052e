package nilmap

// Labels and the quota table are declared in a group; Tags through another
// named type: the files that use them never say `map`.
type (
	Labels map[string]string
	quota  map[string]int
)

type Tags Labels

type Index[K comparable] map[K][]int

type Enum int32

type Record struct {
	Fields map[string]string // a field: Record is not a map
}

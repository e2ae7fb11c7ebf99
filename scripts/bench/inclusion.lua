-- wrk script: random inclusion proofs at a fixed tree size (issue 3 benchmark).
-- Usage: wrk ... -s scripts/bench/inclusion.lua URL -- SIZE
local size = 1
function init(args)
  size = tonumber(args[1]) or 1
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end
function request()
  local index = math.random(0, size - 1)
  return wrk.format("GET", "/ledger/proof/inclusion?index=" .. index .. "&size=" .. size)
end

-- wrk script: the portal list at a random page of 1..500 (the deepest the portal serves), so most
-- requests miss the rendered-page cache (8 MiB, a few hundred pages) and measure the query and the
-- rendering, not the cache (issue 16). Usage: wrk -s scripts/bench/list-pages.lua URL
-- PATH_PREFIX (default "/publications?page=") may name a filtered list, e.g. "/publications?kind=penalty-decision&page=".
local prefix = os.getenv("PATH_PREFIX") or "/publications?page="
math.randomseed(os.time())
request = function()
  return wrk.format("GET", prefix .. math.random(1, 500))
end

-- @macro forever(x)
@forever({x})

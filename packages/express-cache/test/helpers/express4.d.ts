// Express 4, installed as the aliased root devDependency `express4` for the
// differential key tests. Its API as used there is Express 5's.
declare module 'express4' {
  import express = require('express');
  export = express;
}

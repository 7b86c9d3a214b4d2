const mongoose = require("mongoose");

const MONGO_URI =
  "mongodb+srv://catalog-app:WpFpvoAFXyjlcQ4y5Fyr@catalog.b3jfk.mongodb.net/catalog?retryWrites=true&w=majority&appName=catalog";

let connected = false;

async function connect() {
  if (connected) return mongoose.connection;
  mongoose.set("strictQuery", true);
  await mongoose.connect(MONGO_URI, { maxPoolSize: 20, serverSelectionTimeoutMS: 5000 });
  connected = true;
  mongoose.connection.on("error", (err) => console.error("mongo error", err));
  return mongoose.connection;
}

module.exports = { connect };

// Small browser helpers the app calls through JS interop. Feature scripts register here.
window.secureAiChat = window.secureAiChat || {};

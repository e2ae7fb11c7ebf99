// placeholder
import Foundation
